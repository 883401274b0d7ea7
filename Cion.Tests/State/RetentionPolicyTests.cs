using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;

namespace Cion.Tests.State;

public sealed class RetentionPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static RunRecord Run(int daysAgo, string branch, JobState status = JobState.Succeeded)
    {
        var at = Now.AddDays(-daysAgo).AddMinutes(-branch.Length);
        var sha = $"{daysAgo:00}{branch.Length:00}".PadRight(40, 'a');
        var job = JobFileTests.SampleJob($"refs/heads/{branch}") with { Id = JobId.New(at, sha), New = sha, QueuedAt = at };
        return new RunRecord(job, status, new Dictionary<string, string>(), new RunPaths($"/state/{daysAgo}-{branch}"));
    }

    private static readonly RunRecord[] Runs =
    [
        Run(1, "main"), Run(2, "main"), Run(3, "main"), Run(4, "feature"), Run(5, "main"), Run(6, "main", JobState.Running),
    ];

    [Test]
    public void ToRemove_KeepsTheNewestRuns_AndEveryBranchesNewest_AndUnfinishedOnes()
    {
        var removed = RetentionPolicy.ToRemove(Runs, keepRuns: 2, keepFor: null, Now, new HashSet<string>());

        Assert.That(removed.Select(r => r.Paths.Dir), Is.EquivalentTo(new[] { "/state/3-main", "/state/5-main" }));
    }

    [Test]
    public void ToRemove_GoesByAge_AndNeverTakesWhatIsDeployed()
    {
        var removed = RetentionPolicy.ToRemove(Runs, keepRuns: null, keepFor: TimeSpan.FromDays(2.5), Now, new HashSet<string> { "/state/5-main" });

        Assert.That(removed.Select(r => r.Paths.Dir), Is.EquivalentTo(new[] { "/state/3-main" }));
    }

    [Test]
    public void ToRemove_RemovesNothing_WithoutAKeepSetting() =>
        Assert.That(RetentionPolicy.ToRemove(Runs, null, null, Now, new HashSet<string>()), Is.Empty);

    [Test]
    public void ToRemove_KeepsTheBranchsNewestBuild_WhenADeployRanAfterIt()
    {
        var (build, older) = (Run(2, "main"), Run(3, "main"));
        var deploy = Run(1, "main");
        deploy = deploy with { Job = deploy.Job with { Deploy = new DeployRequest(older.Job.Id, "staging", DeployRequest.Deploy, "") } };

        var removed = RetentionPolicy.ToRemove([deploy, build, older], keepRuns: 1, keepFor: null, Now, new HashSet<string>());

        Assert.That(removed.Select(r => r.Paths.Dir), Is.EqualTo(new[] { "/state/3-main" }));
    }
}
