using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Jobs;
using Cion.Tests.Spool;

namespace Cion.Tests.Containers;

public sealed class NotifySpecBuilderTests
{
    [Test]
    public void For_GivesTheJobsFacts_TheResultFileReadOnly_AndTheJobsLabels()
    {
        var job = JobFileTests.SampleJob();
        var notify = new NotifyConfig { Image = "team/notify", Env = new Dictionary<string, string> { ["CHANNEL"] = "builds" } };
        var facts = new NotifyFacts(JobState.Succeeded, JobState.Failed, "production", true, "https://ci/team/app/-/jobs/x");

        var spec = NotifySpecBuilder.For(job, notify, "site-0", facts, "/state/run/result");

        Assert.That(spec.Name, Is.EqualTo($"cion-{job.Id.Value}-notify-site-0"));
        Assert.That(spec.Env, Does.Contain(new KeyValuePair<string, string>("CHANNEL", "builds"))
            .And.Contain(new KeyValuePair<string, string>("CION_REPO", "team/app"))
            .And.Contain(new KeyValuePair<string, string>("CION_BRANCH", "main"))
            .And.Contain(new KeyValuePair<string, string>("CION_COMMIT", job.New))
            .And.Contain(new KeyValuePair<string, string>("CION_JOB", job.Id.Value))
            .And.Contain(new KeyValuePair<string, string>("CION_STATUS", "succeeded"))
            .And.Contain(new KeyValuePair<string, string>("CION_PREVIOUS_STATUS", "failed"))
            .And.Contain(new KeyValuePair<string, string>("CION_ENVIRONMENT", "production"))
            .And.Contain(new KeyValuePair<string, string>("CION_URL", "https://ci/team/app/-/jobs/x"))
            .And.Contain(new KeyValuePair<string, string>("CION_RESULT", "/cion/result")));
        Assert.That(spec.Mounts, Is.EqualTo(new[] { new Mount("/state/run/result", "/cion/result", ReadOnly: true) }));
        Assert.That(spec.Labels, Does.Contain(new KeyValuePair<string, string>(Labels.Job, job.Id.Value))
            .And.Contain(new KeyValuePair<string, string>(Labels.Step, "notify")));
        Assert.That(spec.Network, Is.Null, "the engine's default network, from which a chat server is reachable");
    }

    [Test]
    public void For_LeavesPreviousEnvironmentAndUrlEmpty_WhenThereAreNone()
    {
        var spec = NotifySpecBuilder.For(JobFileTests.SampleJob(), new NotifyConfig { Image = "x" },
            "0", new NotifyFacts(JobState.Failed, null, null, false, null), resultFile: null);

        Assert.That(new[] { "CION_PREVIOUS_STATUS", "CION_ENVIRONMENT", "CION_URL", "CION_RESULT" }.Select(n => spec.Env[n]), Is.All.Empty);
        Assert.That(spec.Mounts, Is.Empty);
    }
}
