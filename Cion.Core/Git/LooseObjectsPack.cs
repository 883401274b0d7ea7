using LibGit2Sharp;

namespace Cion.Core.Git;

/// <summary>
/// Gives a checkout (<see cref="CommitCheckout"/>) its own copy of the bare repository's loose objects, as one pack in
/// its own objects folder, so that the bare repository's <c>objects/pack</c> completes it without the rest of
/// <c>objects/</c>. For a job on another machine, which gets each folder it sees copied: a push of fewer than 100
/// objects arrives loose, a file and often a folder each, and copying thousands of small files costs far more
/// than copying one pack of them.
/// </summary>
public static class LooseObjectsPack
{
    /// <summary>Written into the checkout's <c>.git</c> once the pack is there: a checkout without it needs the whole <c>objects/</c>.</summary>
    private const string MarkName = "cion-loose-objects-packed";

    /// <summary>Whether <see cref="TryPack"/> gave the checkout in <paramref name="workDir"/> the loose objects.</summary>
    public static bool IsPacked(string workDir) => File.Exists(Path.Combine(workDir, ".git", MarkName));

    /// <summary>
    /// Packs every loose object of the bare repository into the checkout's objects folder, then marks it. Called after
    /// the checkout, so every ref it copied names an object that is loose now or packed in the bare repository: git
    /// packs loose objects before it removes them. The other way round, a <c>git gc</c> without cruft packs (git's
    /// default before 2.40) turns packed objects that no ref of the bare repository reaches back into loose ones: one
    /// that runs during the job, after a force-push dropped its commit, leaves a later step's copy of
    /// <c>objects/pack</c> without them.
    /// </summary>
    /// <returns>Why the checkout still needs the whole <c>objects/</c> (nothing was marked); null once it does not.</returns>
    public static string? TryPack(string bareRepoPath, string workDir)
    {
        var objects = Path.Combine(bareRepoPath, "objects");
        // Objects the bare repository borrows from elsewhere are in no folder of its own.
        if (File.Exists(Path.Combine(objects, "info", "alternates"))) return $"{objects}/info/alternates borrows objects from another repository";
        try
        {
            var loose = LooseIds(objects).ToList();
            if (loose.Count > 0)
            {
                using var work = GitAccess.Open(workDir);
                work.ObjectDatabase.Pack(new PackBuilderOptions(Path.Combine(workDir, ".git", "objects", "pack")), pack =>
                {
                    foreach (var id in loose) pack.Add(id);
                });
            }
            File.WriteAllText(Path.Combine(workDir, ".git", MarkName),
                $"cion packed the {loose.Count} loose objects of {objects} into objects/pack: {objects}/pack completes this repository\n");
            return null;
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            // A loose object removed meanwhile (git gc packed it), or one that cannot be read: the whole folder, as before.
            return $"cannot pack the loose objects of {objects}: {e.Message}";
        }
    }

    /// <summary>The loose objects: <c>objects/XX/</c> + 38 hex digits (a SHA-1 repository's; git's own temporary files have other names).</summary>
    private static IEnumerable<ObjectId> LooseIds(string objects) =>
        from folder in Directory.EnumerateDirectories(objects)
        let prefix = Path.GetFileName(folder)
        where prefix.Length == 2 && IsHex(prefix)
        from file in Directory.EnumerateFiles(folder)
        let rest = Path.GetFileName(file)
        where rest.Length == 38 && IsHex(rest)
        select new ObjectId(prefix + rest);

    private static bool IsHex(string text) => text.All(char.IsAsciiHexDigitLower);
}
