using Cion.Core.Config;

namespace Cion.Core.LocalRuns;

/// <summary>
/// Pure: which steps <c>cion run</c> runs. The pipeline runs in its order up to and including the step
/// asked for (<c>--step</c>); without one, every step the config has but the release, so a run on a
/// laptop never deploys unless asked to by name.
/// </summary>
public static class StepSelection
{
    /// <summary>The names <c>--step</c> accepts, in pipeline order.</summary>
    public static readonly IReadOnlyList<string> Known = [StepNames.Build, StepNames.Test, StepNames.Release];

    /// <param name="requested"><c>--step</c>'s value, or null.</param>
    /// <param name="pipeline">The runner's steps in order, each with whether this <c>.cion.yml</c> has it.</param>
    /// <exception cref="LocalRunException">An unknown step, or one this config does not have.</exception>
    public static IReadOnlyList<string> Select(string? requested, IReadOnlyList<(string Name, bool InConfig)> pipeline)
    {
        var present = pipeline.Where(s => s.InConfig).Select(s => s.Name).ToList();
        if (requested is null) return [.. present.Where(s => s != StepNames.Release)];
        if (!Known.Contains(requested))
            throw new LocalRunException($"--step {requested}: unknown step; expected {string.Join(", ", Known.SkipLast(1))} or {Known[^1]}");
        if (!present.Contains(requested))
            throw new LocalRunException($"--step {requested}: {CionConfig.FileName} has no {requested} step");
        var chosen = new List<string>();
        foreach (var (name, inConfig) in pipeline)
        {
            if (inConfig) chosen.Add(name);
            if (name == requested) break;
        }
        return chosen;
    }
}
