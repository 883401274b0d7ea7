using Cion.Core.Config;

namespace Cion.Core.Jobs;

/// <summary>Pure: the test step's line in a commit's git note, for a job whose config has one; nothing otherwise.</summary>
public static class TestNote
{
    public static string Line(JobOutcome outcome) => outcome.HasTestStep ? $"test: {Word(outcome)}\n" : "";

    private static string Word(JobOutcome outcome) =>
        outcome.TimedOutStep == StepNames.Test ? "timed out"
        : outcome.TestExit switch
        {
            null => "skipped",
            0 => "passed",
            var exit => $"failed (exit {exit})",
        };
}
