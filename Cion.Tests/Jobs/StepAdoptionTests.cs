using Cion.Core.Containers;
using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

/// <summary>Every way a restarted daemon can find a step: what is on disk and what the engine reports, and what it does.</summary>
public sealed class StepAdoptionTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    private static ContainerStatus Container(string state, bool running, DateTimeOffset? startedAt = null) =>
        new("0123456789ab", "/cion-job-build", state, running, running ? null : 0, startedAt, [new("cion-job", "172.18.0.2")]);

    /// <summary>The table: recorded exit, started, container, then the kind, the time limit and whether the container (and its services) is adopted.</summary>
    private static IEnumerable<TestCaseData> Cases()
    {
        // On disk: the exit is recorded; whatever the engine still has is only removed.
        yield return Case(7, true, null, StepAdoptionKind.Finished, null, false).SetName("Decide_TakesTheRecordedExit_WhenItIsOnDisk");
        yield return Case(0, true, Container("running", true, Now.AddMinutes(-1)), StepAdoptionKind.Finished, null, false)
            .SetName("Decide_TakesTheRecordedExit_EvenWhenTheContainerStillRuns");
        // Nothing in the engine.
        yield return Case(null, false, null, StepAdoptionKind.Start, Timeout, false).SetName("Decide_Starts_WhenTheStepNeverStarted");
        yield return Case(null, true, null, StepAdoptionKind.RunAgain, Timeout, false)
            .SetName("Decide_RunsAgainFromTheStart_WhenStartedButTheContainerIsGoneWithoutARecordedExit");
        // The engine has the container.
        yield return Case(null, true, Container("created", false), StepAdoptionKind.StartCreated, Timeout, true)
            .SetName("Decide_StartsTheCreatedContainerWithTheWholeLimit_WhenTheCrashCameBetweenCreateAndStart");
        yield return Case(null, true, Container("running", true, Now.AddMinutes(-10)), StepAdoptionKind.FollowRunning, TimeSpan.FromMinutes(20), true)
            .SetName("Decide_FollowsForWhatIsLeftOfTheLimit_WhenTheContainerRuns");
        yield return Case(null, true, Container("running", true, Now.AddMinutes(-45)), StepAdoptionKind.FollowRunning, TimeSpan.Zero, true)
            .SetName("Decide_FollowsWithNoTimeLeft_WhenTheContainerRanPastItsLimit");
        yield return Case(null, true, Container("running", true, startedAt: null), StepAdoptionKind.FollowRunning, Timeout, true)
            .SetName("Decide_FollowsWithTheWholeLimit_WhenTheEngineDoesNotSaySinceWhenItRuns");
        yield return Case(null, true, Container("exited", false, Now.AddHours(-2)), StepAdoptionKind.CollectExited, null, true)
            .SetName("Decide_CollectsLogAndExitCodeWithoutALimit_WhenTheContainerHasExited");
        yield return Case(null, true, Container("dead", false), StepAdoptionKind.CollectExited, null, true)
            .SetName("Decide_CollectsWithoutALimit_WhenTheContainerIsInAnyOtherStoppedState");
        // 'started' is written before the container is made, so a container without it is an odd
        // leftover; it is adopted all the same, as the engine's word is what counts.
        yield return Case(null, false, Container("running", true, Now.AddMinutes(-1)), StepAdoptionKind.FollowRunning, TimeSpan.FromMinutes(29), true)
            .SetName("Decide_AdoptsTheContainer_EvenWhenStartedIsNotOnDisk");
    }

    private static TestCaseData Case(int? recordedExit, bool wasStarted, ContainerStatus? container, StepAdoptionKind kind, TimeSpan? limit, bool adopts) =>
        new(recordedExit, wasStarted, container, kind, limit, adopts);

    [TestCaseSource(nameof(Cases))]
    public void Decide(int? recordedExit, bool wasStarted, ContainerStatus? container, StepAdoptionKind kind, TimeSpan? limit, bool adopts)
    {
        var decision = StepAdoption.Decide(recordedExit, wasStarted, container, Timeout, Now);

        Assert.That(decision.Kind, Is.EqualTo(kind));
        Assert.That(decision.Limit, Is.EqualTo(limit));
        Assert.That(decision.AdoptsContainer, Is.EqualTo(adopts), "an adopted step keeps its services and its log");
        Assert.That(decision.Container, Is.SameAs(adopts ? container : null));
        Assert.That(decision.RecordedExit, Is.EqualTo(recordedExit));
    }
}
