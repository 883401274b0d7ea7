using System.CommandLine;
using Cion.Hook;
using Cion.Hook.Commands;

// 'cion': the git hook and the commands people type. Each command parses its
// arguments and calls Cion.Core; nothing here decides anything about jobs.
if (HookEntry.TryRun(args) is { } hookExit) return hookExit;
var root = new RootCommand("cion: turns every git push into a build and release in Docker containers.");
root.Options.Add(ConfigOption.Instance);
root.Subcommands.Add(HookCommand.Create());
root.Subcommands.Add(InstallHookCommand.Create());
root.Subcommands.Add(JobsCommand.Create());
root.Subcommands.Add(ShowCommand.Create());
root.Subcommands.Add(LogsCommand.Create());
root.Subcommands.Add(RetryCommand.Create());
root.Subcommands.Add(CancelCommand.Create());
root.Subcommands.Add(DeploymentsCommand.Create());
root.Subcommands.Add(DeployCommand.Create());
root.Subcommands.Add(RollbackCommand.Create());
root.Subcommands.Add(QueueCommand.Create());
root.Subcommands.Add(CacheCommand.Create());
root.Subcommands.Add(RunCommand.Create());
return root.Parse(args).Invoke();
