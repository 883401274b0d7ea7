using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// ciond killed with SIGKILL at random moments while many jobs are in flight, and restarted
/// each time: every job still ends right, no step runs twice unless its container was gone
/// (and cion.log says so), and nothing is left behind. Bounded: 8 short jobs, 5 kills.
/// </summary>
public sealed class CrashTests : EndToEndTest
{
    private const int Jobs = 8, Kills = 5;

    [Test]
    public void Daemon_KilledAtRandomMomentsAndRestarted_FinishesEveryJobOnce()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        TestContext.Out.WriteLine($"random seed {seed}");
        var repo = Site.CreateRepo();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var shas = Enumerable.Range(1, Jobs).Select(i => CommitAndPush(repo, $$"""
            build: {image: cion-test/busybox, docker: false, cmd: 'echo building {{i}}; sleep {{1 + i % 2}}; echo built > $ARTIFACTS_DIR/out'}
            release: {image: cion-test/busybox, branches: ['b*'], cmd: 'echo releasing {{i}}; sleep 0.5; cat $ARTIFACTS_DIR/out'}
            """, branch: $"b{i}", message: $"job {i}")).ToList();

        for (var kill = 0; kill < Kills; kill++)
        {
            var daemon = Site.StartDaemon();
            Thread.Sleep(TimeSpan.FromMilliseconds(random.Next(300, 2500))); // the random moment, not a wait for a fact
            daemon.Kill();
        }
        Site.StartDaemon();

        var reruns = 0;
        foreach (var sha in shas)
        {
            Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
            var log = Site.ReadFile(repo.Name, sha, "cion.log");
            var created = DockerEvents.ForJob(Site.JobId(repo.Name, sha), since).Where(e => e.StartsWith("create ")).ToList();
            foreach (var step in new[] { "build", "release" })
            {
                var rerunsOfStep = Count(log, $"{step}: its container is gone without a recorded exit");
                reruns += rerunsOfStep;
                // A kill between writing 'started' and creating the container makes an admitted
                // re-run whose first container never existed: hence 'at most'.
                Assert.That(created.Count(e => e.EndsWith($"-{step}")), Is.InRange(1, 1 + rerunsOfStep),
                    $"{sha[..7]} {step}: created once, plus at most once per re-run that cion.log admits\n{log}");
            }
            Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.EndWith("built\n"), "the release saw the build's artifact");
        }
        TestContext.Out.WriteLine($"{Jobs} jobs, {Kills} kills, 0 jobs lost, {reruns} steps re-run (containers gone), leftovers checked in TearDown");
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;
}
