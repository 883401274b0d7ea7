using Cion.Core.Config;

namespace Cion.Core.Jobs;

/// <summary>Pure: which <c>on:</c> events a job's end is, and so which notifications run.</summary>
public static class NotifyEvents
{
    /// <summary>
    /// <c>always</c> for every end; <c>failure</c> for failed (a step exited non-zero or timed out) and error;
    /// <c>success</c> for succeeded, with <c>fixed</c> when the branch's previous finished job did not succeed
    /// and <c>deployed</c> when its release exited 0. A cancelled job is only <c>always</c>.
    /// </summary>
    public static IReadOnlySet<NotifyEvent> Of(NotifyFacts facts)
    {
        var events = new HashSet<NotifyEvent> { NotifyEvent.Always };
        switch (facts.Status)
        {
            case JobState.Failed or JobState.Error:
                events.Add(NotifyEvent.Failure);
                break;
            case JobState.Succeeded:
                events.Add(NotifyEvent.Success);
                if (facts.Previous is { } previous && previous != JobState.Succeeded) events.Add(NotifyEvent.Fixed);
                if (facts.Deployed) events.Add(NotifyEvent.Deployed);
                break;
        }
        return events;
    }

    /// <summary>Whether a notification asks for any of the events that happened.</summary>
    public static bool Fires(NotifyConfig notify, IReadOnlySet<NotifyEvent> happened) => notify.On.Any(happened.Contains);
}
