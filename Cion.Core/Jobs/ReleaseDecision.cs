using Cion.Core.Config;
using Cion.Core.Git;

namespace Cion.Core.Jobs;

/// <summary>Pure: whether a job whose build passed goes on to release, and if not, why not.</summary>
public static class ReleaseDecision
{
    /// <returns>Null when the release runs; otherwise the reason it is skipped (written to <c>result</c>).</returns>
    public static string? SkipReason(StepConfig? release, string branch, Func<string> defaultBranch)
    {
        if (release is null) return "no release step";
        if (branch.Length == 0) return "not a branch";
        if (release.Branches is { } globs)
            return BranchGlob.MatchesAny(globs, branch) ? null : $"branch {branch} matches no release.branches";
        var main = defaultBranch();
        return branch == main ? null : $"branch {branch} is not the default branch {main}";
    }
}
