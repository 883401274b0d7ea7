using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

/// <summary>Which <c>on:</c> events a job's end is, and so which notifications run.</summary>
public sealed class NotifyEventsTests
{
    [TestCase(JobState.Failed, null, false, "always,failure")]
    [TestCase(JobState.Error, JobState.Succeeded, false, "always,failure")]
    [TestCase(JobState.Failed, JobState.Failed, false, "always,failure")]
    [TestCase(JobState.Succeeded, null, false, "always,success")]
    [TestCase(JobState.Succeeded, JobState.Succeeded, false, "always,success")]
    [TestCase(JobState.Succeeded, JobState.Failed, false, "always,fixed,success")]
    [TestCase(JobState.Succeeded, JobState.Error, false, "always,fixed,success")]
    [TestCase(JobState.Succeeded, JobState.Succeeded, true, "always,deployed,success")]
    [TestCase(JobState.Succeeded, JobState.Failed, true, "always,deployed,fixed,success")]
    [TestCase(JobState.Cancelled, JobState.Failed, false, "always")]
    [TestCase(JobState.Cancelled, null, false, "always")]
    public void Of_GivesTheEventsOfAJobsEnd(JobState status, JobState? previous, bool deployed, string expected)
    {
        var events = NotifyEvents.Of(new NotifyFacts(status, previous, deployed ? "production" : null, deployed, Url: null));

        Assert.That(string.Join(",", events.Select(e => e.ToWord()).Order()), Is.EqualTo(expected));
    }

    [TestCase(JobState.Failed, null, true)]
    [TestCase(JobState.Error, null, true)]
    [TestCase(JobState.Succeeded, JobState.Failed, true)]
    [TestCase(JobState.Succeeded, JobState.Succeeded, false)]
    [TestCase(JobState.Succeeded, null, false)]
    [TestCase(JobState.Cancelled, JobState.Failed, false)]
    public void Fires_TheDefaultNotification_OnFailureAndFixedOnly(JobState status, JobState? previous, bool fires)
    {
        var events = NotifyEvents.Of(new NotifyFacts(status, previous, null, false, null));

        Assert.That(NotifyEvents.Fires(new NotifyConfig { Image = "x" }, events), Is.EqualTo(fires));
    }

    [Test]
    public void Fires_ANotificationOnDeployed_OnlyWhenTheReleaseSucceeded()
    {
        var notify = new NotifyConfig { Image = "x", On = [NotifyEvent.Deployed] };

        Assert.That(NotifyEvents.Fires(notify, NotifyEvents.Of(new NotifyFacts(JobState.Succeeded, null, "production", true, null))), Is.True);
        Assert.That(NotifyEvents.Fires(notify, NotifyEvents.Of(new NotifyFacts(JobState.Succeeded, null, null, false, null))), Is.False);
        Assert.That(NotifyEvents.Fires(notify, NotifyEvents.Of(new NotifyFacts(JobState.Failed, null, "production", false, null))), Is.False);
    }
}
