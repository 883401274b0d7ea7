using System.CommandLine;
using Cion.Core.Config;
using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;

namespace Cion.Hook.Commands;

/// <summary><c>cion rollback REPO --env ENV [--reason TEXT]</c>: deploy the environment's previous successful deployment again.</summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        var repo = new Argument<string>("repo") { Description = "The repository, as cion names it (team/app)" };
        var (env, reason) = (DeployCommand.EnvOption(), DeployCommand.ReasonOption());
        var command = new Command("rollback", "Deploy the build of the environment's previous successful deployment (another commit than the current one).") { repo, env, reason };
        command.SetAction(parsed => ConfigOption.Load(parsed) is not { } config ? ExitCodes.BadConfig
            : Run(config, parsed.GetValue(repo)!, parsed.GetValue(env)!, parsed.GetValue(reason) ?? ""));
        return command;
    }

    private static int Run(ServerConfig config, string repo, string environment, string reason)
    {
        if (!RunLookup.IsRepoName(repo)) return ExitCodes.Refused;
        var ledger = new DeploymentReader(new StateLayout(config.State)).Environments(repo).FirstOrDefault(d => d.Environment == environment);
        if (ledger is null)
        {
            Console.Error.WriteLine($"cion: {repo} has never released to {environment}: nothing to roll back");
            return ExitCodes.Refused;
        }
        if (DeployTarget.ForRollback(ledger.History) is not { } target)
        {
            Console.Error.WriteLine($"cion: {environment} of {repo} has no earlier successful deployment of another commit to roll back to");
            return ExitCodes.Refused;
        }
        return DeployQueue.Queue(config, repo, target.BuildJob, environment, reason, DeployRequest.Rollback);
    }
}
