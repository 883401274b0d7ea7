using System.CommandLine;
using Cion.Daemon;

// 'ciond': the daemon. Parses its options, loads the server config (refusing to start on
// a broken one, with the file, line and key), then hosts the job scheduler until stopped.
var configOption = new Option<string?>("--config")
{
    Description = $"Server config file (default: ${Cion.Core.Config.ServerConfig.PathVariable}, else {Cion.Core.Config.ServerConfig.DefaultPath})",
};
var checkOption = new Option<bool>("--check")
{
    Description = "Check the config and what it points at (the engine; with runner: swarm the manager, the nodes that match and whether each can start the runner image), then exit: 0 when jobs can run",
};
var root = new RootCommand("ciond: the cion daemon. Watches the spool and runs each queued job's build and release containers.");
root.Options.Add(configOption);
root.Options.Add(checkOption);
root.SetAction((parsed, ct) => DaemonHost.RunAsync(parsed.GetValue(configOption), parsed.GetValue(checkOption), ct));
return await root.Parse(args).InvokeAsync();
