using Cion.Core.Jobs;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Spool;

namespace Cion.Tests.Queries;

public sealed class JobSelectorTests
{
    private static RunRecord Run(string sha, string branch, int second, string repo = "team/app")
    {
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, second, TimeSpan.Zero);
        var job = JobFileTests.SampleJob($"refs/heads/{branch}") with { Id = JobId.New(at, sha), New = sha, QueuedAt = at, Repo = repo };
        return new RunRecord(job, JobState.Succeeded, new Dictionary<string, string>(), new RunPaths($"/state/{second}"));
    }

    private static readonly RunRecord[] Runs =
    [
        Run("aaaa111111111111111111111111111111111111", "main", 1),
        Run("aaaa222222222222222222222222222222222222", "feature", 2),
        Run("bbbb333333333333333333333333333333333333", "main", 3),
        Run("bbbb333333333333333333333333333333333333", "other", 4),
        Run("cccc444444444444444444444444444444444444", "main", 5, repo: "team/web"),
    ];

    [TestCase("team/app", 4)]
    [TestCase("team/app@main", 3)]
    [TestCase("team/app@feature", 2)]
    [TestCase("team/app@bbbb", 4)]
    [TestCase("team/app@aaaa1", 1)]
    [TestCase("team/web@main", 5)]
    public void Select_FindsTheNewestMatchingRun(string spec, int second) =>
        Assert.That(JobSelector.Select(spec, Runs).Paths.Dir, Is.EqualTo($"/state/{second}"));

    [Test]
    public void Select_FindsARunByItsJobId() =>
        Assert.That(JobSelector.Select(Runs[1].Job.Id.Value, Runs), Is.SameAs(Runs[1]));

    [Test]
    public void Select_ListsTheCandidates_ForAnAmbiguousPrefix()
    {
        var error = Assert.Throws<JobSelectionException>(() => JobSelector.Select("team/app@aaaa", Runs));
        Assert.That(error!.Message, Does.Contain("'aaaa' fits 2 commits of team/app").And.Contain("aaaa11111111 (refs/heads/main)")
            .And.Contain("aaaa22222222 (refs/heads/feature)"));
    }

    [TestCase("team/none", "no jobs for repo 'team/none'")]
    [TestCase("team/app@nosuch", "no commit or branch 'nosuch'")]
    [TestCase("team/app@dddd", "no commit or branch 'dddd'")]
    public void Select_SaysWhatIsMissing(string spec, string message) =>
        Assert.That(Assert.Throws<JobSelectionException>(() => JobSelector.Select(spec, Runs))!.Message, Does.Contain(message));
}
