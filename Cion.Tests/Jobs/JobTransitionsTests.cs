using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class JobTransitionsTests
{
    [TestCase(JobState.Queued, JobEvent.Started, JobState.Running)]
    [TestCase(JobState.Queued, JobEvent.Cancelled, JobState.Cancelled)]
    [TestCase(JobState.Queued, JobEvent.CouldNotRun, JobState.Error)]
    [TestCase(JobState.Running, JobEvent.StepsSucceeded, JobState.Succeeded)]
    [TestCase(JobState.Running, JobEvent.StepFailed, JobState.Failed)]
    [TestCase(JobState.Running, JobEvent.CouldNotRun, JobState.Error)]
    [TestCase(JobState.Running, JobEvent.Cancelled, JobState.Cancelled)]
    [TestCase(JobState.Running, JobEvent.Detached, JobState.Running)]
    public void Next_MovesTo_TheDocumentedState(JobState from, JobEvent happened, JobState to) =>
        Assert.That(JobTransitions.Next(from, happened), Is.EqualTo(to));

    [TestCase(JobState.Succeeded, JobEvent.Started)]
    [TestCase(JobState.Failed, JobEvent.StepsSucceeded)]
    [TestCase(JobState.Error, JobEvent.Detached)]
    [TestCase(JobState.Queued, JobEvent.Detached)]
    [TestCase(JobState.Queued, JobEvent.StepsSucceeded)]
    [TestCase(JobState.Cancelled, JobEvent.Started)]
    public void Next_Throws_ForAnImpossibleMove(JobState from, JobEvent happened) =>
        Assert.Throws<InvalidOperationException>(() => JobTransitions.Next(from, happened));

    [Test]
    public void Words_RoundTrip_AndOnlyEndStatesAreFinal()
    {
        foreach (var state in Enum.GetValues<JobState>())
        {
            Assert.That(JobStateWords.TryParse(state.ToWord() + "\n", out var back), Is.True);
            Assert.That(back, Is.EqualTo(state));
        }
        Assert.That(Enum.GetValues<JobState>().Where(s => s.IsFinal()),
            Is.EquivalentTo(new[] { JobState.Succeeded, JobState.Failed, JobState.Error, JobState.Cancelled }));
    }
}
