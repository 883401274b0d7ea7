using System.Text.RegularExpressions;

namespace Cion.Core.Git;

/// <summary>
/// Pure: matches branch names against <c>release.branches</c> globs. <c>*</c> matches within
/// one path segment (<c>release/*</c> takes <c>release/1.2</c>, not <c>release/1/hotfix</c>),
/// <c>**</c> matches across segments, <c>?</c> one character.
/// </summary>
public static class BranchGlob
{
    public static bool Matches(string glob, string branch) => ToRegex(glob).IsMatch(branch);

    public static bool MatchesAny(IEnumerable<string> globs, string branch) => globs.Any(g => Matches(g, branch));

    private static Regex ToRegex(string glob)
    {
        var pattern = Regex.Escape(glob)
            .Replace(@"\*\*", "\u0001")
            .Replace(@"\*", "[^/]*")
            .Replace(@"\?", "[^/]")
            .Replace("\u0001", ".*");
        return new Regex($"^{pattern}$", RegexOptions.CultureInvariant);
    }
}
