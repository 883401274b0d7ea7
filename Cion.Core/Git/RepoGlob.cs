namespace Cion.Core.Git;

/// <summary>
/// Pure: matches repository names (<c>team/app</c>, see <see cref="RepoName"/>) against the
/// globs of <c>dind.trusted</c>, with the rules of <c>release.branches</c> (<see cref="BranchGlob"/>)
/// so an admin learns one syntax: <c>*</c> matches within one <c>/</c>-segment (<c>team/*</c> takes
/// <c>team/app</c>, not <c>team/sub/app</c>), <c>**</c> across segments (<c>infra/**</c> takes every
/// repo under <c>infra/</c> at any depth, not a repo named <c>infra</c>), <c>?</c> one character
/// other than <c>/</c>; everything else matches itself, case-sensitively.
/// </summary>
public static class RepoGlob
{
    /// <summary>The glob every repository name matches.</summary>
    public const string Everything = "**";

    public static bool Matches(string glob, string repo) => BranchGlob.Matches(glob, repo);

    public static bool MatchesAny(IEnumerable<string> globs, string repo) => BranchGlob.MatchesAny(globs, repo);

    /// <summary>
    /// Why a glob can never match a repository name, or null when it can. Such a glob is
    /// almost always a path or a directory written by mistake, and a lever that silently
    /// matches nothing would refuse jobs with no hint why.
    /// </summary>
    public static string? Problem(string glob)
    {
        if (glob.Length == 0) return "an empty glob matches no repository";
        if (glob.StartsWith('/'))
            return $"'{glob}' is a path: write repository names as they are under a repos root (/srv/git/team/app.git is team/app)";
        if (glob.EndsWith('/')) return $"'{glob}' ends with '/': write {glob}* for the repos in it or {glob}** for every repo under it";
        if (glob.Split('/').Any(part => part is "" or "." or "..")) return $"'{glob}' has an empty, '.' or '..' part";
        if (glob.EndsWith(".git", StringComparison.Ordinal))
            return $"'{glob}' ends with .git: repository names have none (/srv/git/team/app.git is team/app)";
        return null;
    }
}
