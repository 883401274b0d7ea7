using System.CommandLine;
using Cion.Daemon;

// 'ciond': the daemon. Parses its options, loads the server config (refusing to start on
// a broken one, with the file, line and key), then hosts the job scheduler until stopped.
var configOption = new Option<string?>("--config")
{
    Description = $"Server config file (default: ${Cion.Core.Config.ServerConfig.PathVariable}, else {Cion.Core.Config.ServerConfig.DefaultPath})",
};
var root = new RootCommand("ciond: the cion daemon. Watches the spool and runs each queued job's build and release containers.");
root.Options.Add(configOption);
root.SetAction((parsed, ct) => DaemonHost.RunAsync(parsed.GetValue(configOption), ct));
return await root.Parse(args).InvokeAsync();
