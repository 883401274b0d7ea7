using System.CommandLine;
using Cion.Core.Config;
using Cion.Web;

// 'cion-web': a read-only web page on cion's state directory. Parses its options, loads the
// server config (refusing to start on a broken one, with the file, line and key), then serves
// until stopped. Everything it shows it reads from the files through Cion.Core's queries.
var configOption = new Option<string?>("--config")
{
    Description = $"Server config file (default: ${ServerConfig.PathVariable}, else {ServerConfig.DefaultPath})",
};
var listenOption = new Option<string?>("--listen")
{
    Description = $"Address and port to listen on (default: web.listen in the config, else {WebSettings.DefaultListen})",
};
var root = new RootCommand("cion-web: the team's read-only window on cion's jobs, logs, artifacts and deployments.")
{
    configOption, listenOption,
};
root.SetAction((parsed, ct) => WebServer.RunAsync(parsed.GetValue(configOption), parsed.GetValue(listenOption), ct));
return await root.Parse(args).InvokeAsync();
