using Cion.Core.Jobs;
using Cion.Core.State;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.State;

/// <summary>The branch's previous finished job, for a notification's <c>CION_PREVIOUS_STATUS</c> and <c>fixed</c>.</summary>
public sealed class BranchHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);

    /// <summary>Registers one job per (branch, status; null: left queued), queued a minute apart, in order.</summary>
    private static List<Job> Jobs(FileStateStore store, params (string Branch, JobState? Status)[] runs)
    {
        var jobs = new List<Job>();
        for (var i = 0; i < runs.Length; i++)
        {
            var sha = $"{i:x2}" + new string('a', 38);
            var job = JobFileTests.SampleJob("refs/heads/" + runs[i].Branch) with { Id = JobId.New(Start.AddMinutes(i), sha), New = sha, QueuedAt = Start.AddMinutes(i) };
            var run = store.Register(job);
            if (runs[i].Status is { } status) store.SetStatus(run, status);
            jobs.Add(job);
        }
        return jobs;
    }

    [TestCase(null, "main:now")]
    [TestCase(JobState.Failed, "main:failed", "main:now")]
    [TestCase(JobState.Succeeded, "main:failed", "main:succeeded", "main:now")]
    [TestCase(JobState.Failed, "main:failed", "other:succeeded", "main:now")]
    [TestCase(JobState.Error, "main:error", "main:cancelled", "main:now")]
    [TestCase(JobState.Failed, "main:failed", "main:running", "main:now")]
    [TestCase(null, "other:failed", "main:now")]
    public void PreviousStatus_IsTheNewestEarlierFinishedJobOfTheBranch_PassingOverCancelledAndRunningOnes(JobState? expected, params string[] runs)
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var job = Jobs(store, [.. runs.Select(r => r.Split(':')).Select(p => (p[0], p[1] == "now" ? (JobState?)null : Parse(p[1])))]).Last();

        Assert.That(BranchHistory.PreviousStatus(store.Layout, job), Is.EqualTo(expected));
    }

    [Test]
    public void PreviousStatus_IgnoresJobsQueuedLater()
    {
        using var dir = TempDir.ForCaller();
        var store = new FileStateStore(new StateLayout(dir.Path));
        var jobs = Jobs(store, ("main", null), ("x", JobState.Failed), ("main", JobState.Failed));

        Assert.That(BranchHistory.PreviousStatus(store.Layout, jobs[0]), Is.Null);
    }

    private static JobState Parse(string word) => JobStateWords.TryParse(word, out var state) ? state : throw new ArgumentException(word);
}
