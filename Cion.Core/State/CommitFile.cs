using System.Globalization;
using Cion.Core.Git;
using Cion.Core.Queries;

namespace Cion.Core.State;

/// <summary>
/// Pure: a run's <c>commit</c> file, <c>key=value</c> lines like <c>result</c>, written at checkout
/// so <c>cat</c> and cion-web can say what was built without opening the repository.
/// Line breaks in a value become spaces: one key, one line.
/// </summary>
public static class CommitFile
{
    public const string AuthorKey = "author", EmailKey = "author_email", AuthoredAtKey = "authored_at", SubjectKey = "subject";

    public static string Format(CommitInfo commit) =>
        $"{AuthorKey}={OneLine(commit.AuthorName)}\n{EmailKey}={OneLine(commit.AuthorEmail)}\n" +
        $"{AuthoredAtKey}={commit.AuthoredAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}\n" +
        $"{SubjectKey}={OneLine(commit.Subject)}\n";

    /// <summary>The file's values; empty when it is missing (a run queued but not checked out yet, or from before this file existed).</summary>
    public static IReadOnlyDictionary<string, string> Read(RunPaths run)
    {
        try { return KeyValueText.Parse(File.ReadAllText(run.Commit)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return new Dictionary<string, string>(); }
    }

    private static string OneLine(string value) => value.ReplaceLineEndings(" ").Trim();
}
