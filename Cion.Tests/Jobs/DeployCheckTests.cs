using Cion.Core.Config;
using Cion.Core.Jobs;
using Cion.Tests.Spool;

namespace Cion.Tests.Jobs;

public sealed class DeployCheckTests
{
    private const string File = "/etc/cion/cion.yml";
    private static readonly Job Source = JobFileTests.SampleJob();
    private static readonly EnvironmentRule[] Rules = [new("team/*", "production", ["main"], null)];

    private static string? Check(string environment = "staging", Job? source = null, JobState? status = JobState.Succeeded,
        bool artifacts = true, string? releaseTo = "staging", string repo = "team/app") =>
        DeployCheck.Refusal(repo, Source.New, new DeployRequest(Source.Id, environment, DeployRequest.Deploy, ""),
            new DeploySource(source ?? Source, status, artifacts, releaseTo is null ? null : new StepConfig { Image = "busybox", Docker = DockerRequest.None, Environment = releaseTo }),
            Rules, File);

    [Test]
    public void Refusal_IsNull_ForASucceededBuildReleasingToTheEnvironment() => Assert.That(Check(), Is.Null);

    [Test]
    public void Refusal_SaysTheJobFailed_WhenItDidNotSucceed() =>
        Assert.That(Check(status: JobState.Failed), Is.EqualTo($"job {Source.Id.Value} did not succeed (it is failed): only a succeeded build can be deployed"));

    [Test]
    public void Refusal_NamesRetention_WhenTheArtifactsAreGone() =>
        Assert.That(Check(artifacts: false), Is.EqualTo($"the artifacts of job {Source.Id.Value} were removed by retention (keep in {File})"));

    [Test]
    public void Refusal_SaysThereIsNothingToDeployWith_WithoutAReleaseStep() =>
        Assert.That(Check(releaseTo: null), Is.EqualTo(".cion.yml at 1a2b3c4 has no release step: nothing to deploy with"));

    [Test]
    public void Refusal_NamesTheCommitsEnvironment_WhenAnotherIsAsked() =>
        Assert.That(Check(environment: "production"), Does.StartWith(".cion.yml at 1a2b3c4 releases to staging, not production"));

    [Test]
    public void Refusal_FollowsTheServersBranchRule_ForTheSourceBranch()
    {
        Assert.That(Check(environment: "production", releaseTo: "production"), Is.Null);
        Assert.That(Check(environment: "production", releaseTo: "production", source: Source with { Ref = "refs/heads/feature/x" }),
            Is.EqualTo($"branch feature/x may not release to production: environments.team/*.production.branches in {File} allows main"));
    }

    [Test]
    public void Refusal_RefusesAJobOfAnotherRepo_OrADeployOfADeploy()
    {
        Assert.That(Check(repo: "team/other"), Is.EqualTo($"job {Source.Id.Value} is not a job of team/other at 1a2b3c4"));
        var earlier = Source with { Deploy = new DeployRequest(JobId.New(DateTimeOffset.UnixEpoch, Source.New), "staging", DeployRequest.Rollback, "") };
        Assert.That(Check(source: earlier), Does.StartWith($"job {Source.Id.Value} is itself a rollback; deploy the job it deployed"));
    }
}
