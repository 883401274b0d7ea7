using Cion.Core.Jobs;
using Cion.Core.State;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Jobs;

/// <summary>The gate over real files: what one daemon does, and what a new daemon finds after a restart.</summary>
public sealed class ReleaseGateTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Test]
    public async Task EnterAsync_LetsOneReleasePerRepoAndEnvironmentIn_AndTheNextWhenItLeaves()
    {
        using var dir = TempDir.ForCaller();
        var (gate, ledger) = Gate(dir);
        var said = new List<string>();
        var (a, b) = (Job(dir, 1), Job(dir, 2));
        var first = await gate.EnterAsync(a.Job, a.Run, "production", said.Add, CancellationToken.None);

        var second = gate.EnterAsync(b.Job, b.Run, "production", said.Add, CancellationToken.None);
        var otherEnvironment = await gate.EnterAsync(b.Job, b.Run, "staging", said.Add, CancellationToken.None);

        Assert.That(HolderOf(ledger, "production"), Is.EqualTo(a.Job.Id.Value), "cat deployments/team/app/production/releasing");
        await Task.Delay(500);
        Assert.That(second.IsCompleted, Is.False, "the same repo and environment waits");
        Assert.That(said, Is.EqualTo(new[] { $"release: waiting for job {a.Job.Id.Value}'s release to production to finish" }));
        first.Dispose();
        (await second.WaitAsync(Soon)).Dispose();
        otherEnvironment.Dispose();
        Assert.That(File.Exists(Path.Combine(ledger.Dir("team/app", "production"), ReleaseGate.FileName)), Is.False);
    }

    [Test]
    public async Task EnterAsync_WaitsForAReleaseANewDaemonFindsOnDisk_UntilThatJobEnds()
    {
        using var dir = TempDir.ForCaller();
        var (before, ledger) = Gate(dir);
        var (a, b) = (Job(dir, 1), Job(dir, 2));
        var held = await before.EnterAsync(a.Job, a.Run, "production", _ => { }, CancellationToken.None);
        held.Keep(); // the daemon stops while A's release container runs on
        held.Dispose();

        var (after, _) = Gate(dir); // the next daemon: nothing in memory
        var waiting = after.EnterAsync(b.Job, b.Run, "production", _ => { }, CancellationToken.None);
        var resumed = await after.EnterAsync(a.Job, a.Run, "production", _ => { }, CancellationToken.None).WaitAsync(Soon);

        Assert.That(waiting.IsCompleted, Is.False, "B waits for A's release, which outlived the daemon");
        new FileStateStore(new StateLayout(dir.Combine("state"))).SetStatus(a.Run, JobState.Succeeded);
        resumed.Dispose();
        (await waiting.WaitAsync(Soon)).Dispose();
    }

    [Test]
    public async Task EnterAsync_TakesOverAFileWhoseJobHasFinished()
    {
        using var dir = TempDir.ForCaller();
        var (gate, ledger) = Gate(dir);
        var (a, b) = (Job(dir, 1), Job(dir, 2));
        new FileStateStore(new StateLayout(dir.Combine("state"))).SetStatus(a.Run, JobState.Failed);
        (await gate.EnterAsync(a.Job, a.Run, "production", _ => { }, CancellationToken.None)).Keep(); // a crash after the end, before removal
        var said = new List<string>();

        using var slot = await gate.EnterAsync(b.Job, b.Run, "production", said.Add, CancellationToken.None).WaitAsync(Soon);

        Assert.That(HolderOf(ledger, "production"), Is.EqualTo(b.Job.Id.Value));
        Assert.That(said, Is.EqualTo(new[] { $"release: job {a.Job.Id.Value} has finished; taking over production" }));
    }

    private static (ReleaseGate, DeploymentLedger) Gate(TempDir dir)
    {
        var ledger = new DeploymentLedger(new StateLayout(dir.Combine("state")));
        return (new ReleaseGate(ledger, TimeProvider.System), ledger);
    }

    private static (Job Job, RunPaths Run) Job(TempDir dir, int minute)
    {
        var job = JobFileTests.SampleJob() with
        {
            Id = JobId.New(new DateTimeOffset(2026, 11, 24, 20, minute, 0, TimeSpan.Zero), "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"),
        };
        var run = new StateLayout(dir.Combine("state")).Run(job);
        Directory.CreateDirectory(run.Dir);
        new FileStateStore(new StateLayout(dir.Combine("state"))).SetStatus(run, JobState.Running);
        return (job, run);
    }

    private static string? HolderOf(DeploymentLedger ledger, string environment) =>
        File.ReadAllLines(Path.Combine(ledger.Dir("team/app", environment), ReleaseGate.FileName))
            .FirstOrDefault(l => l.StartsWith("job=", StringComparison.Ordinal))?[4..];
}
