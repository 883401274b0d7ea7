using System.CommandLine;
using Cion.Core.Jobs;

namespace Cion.Hook.Commands;

/// <summary><c>cion deploy REPO COMMIT|JOB --env ENV [--reason TEXT]</c>: release an earlier succeeded build again, without rebuilding.</summary>
internal static class DeployCommand
{
    public static Command Create()
    {
        var repo = new Argument<string>("repo") { Description = "The repository, as cion names it (team/app)" };
        var which = new Argument<string>("commit-or-job") { Description = "A commit (4 or more hex digits: its newest succeeded job) or a job id" };
        var (env, reason) = (EnvOption(), ReasonOption());
        var command = new Command("deploy", "Run the release step of an earlier succeeded job again, with its artifacts, as a new job.") { repo, which, env, reason };
        command.SetAction(parsed => ConfigOption.Load(parsed) is not { } config ? ExitCodes.BadConfig
            : DeployQueue.Queue(config, parsed.GetValue(repo)!, parsed.GetValue(which)!, parsed.GetValue(env)!, parsed.GetValue(reason) ?? "", DeployRequest.Deploy));
        return command;
    }

    public static Option<string> EnvOption() => new("--env") { Description = "The environment to deploy to", Required = true };

    public static Option<string?> ReasonOption() => new("--reason") { Description = "Why, for the deployment ledger" };
}
