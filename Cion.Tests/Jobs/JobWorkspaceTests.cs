using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Jobs;
using Cion.Core.State;
using Cion.Tests.Support;

namespace Cion.Tests.Jobs;

public sealed class JobWorkspaceTests
{
    [Test]
    public async Task CleanUpAsync_SaysInCionLogAndTheDaemonsLogWhatItLeft_WhenTheEngineNeverAnswers()
    {
        using var dir = TempDir.ForCaller();
        using var engine = new SilentEngine();
        using var docker = DockerEngine.Connect(engine.Endpoint, dir.Path, new CleanupDeadline(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(10)));
        var store = new FileStateStore(new StateLayout(dir.Path));
        var daemonLog = new LogLines<JobWorkspace>();
        var job = Spool.JobFileTests.SampleJob();
        var work = store.Layout.WorkRoot(job.Id);
        Directory.CreateDirectory(work);
        var cionLog = dir.Combine("cion.log");

        using (var log = new RunLog(cionLog, TimeProvider.System))
            await new JobWorkspace(store, docker, daemonLog).CleanUpAsync(job, log);

        var expected = $"cleanup incomplete: could not remove the containers, networks and volumes labelled cion.job={job.Id.Value} " +
            "(the Docker engine did not answer within 300 ms); ciond removes them when it next starts";
        Assert.That(File.ReadAllText(cionLog), Does.Contain(expected));
        Assert.That(daemonLog.Lines.Single(), Does.StartWith("Warning: cleanup of job").And.Contain("ciond removes them when it next starts"));
        Assert.That(Directory.Exists(work), Is.False, "the checkout goes whatever the engine does");
    }
}
