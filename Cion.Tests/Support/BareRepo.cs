namespace Cion.Tests.Support;

/// <summary>
/// A real bare repository with cion's hook installed by the real <c>cion install-hook</c>,
/// and a working clone to commit in and push from with the real <c>git push</c>.
/// </summary>
public sealed class BareRepo
{
    private static readonly Dictionary<string, string?> Identity = new()
    {
        ["GIT_AUTHOR_NAME"] = "Test Pusher", ["GIT_AUTHOR_EMAIL"] = "pusher@example.invalid",
        ["GIT_COMMITTER_NAME"] = "Test Pusher", ["GIT_COMMITTER_EMAIL"] = "pusher@example.invalid",
    };

    public string Name { get; }
    public string Path { get; }
    public string WorkTree { get; }

    private BareRepo(string name, string path, string workTree)
    {
        Name = name;
        Path = path;
        WorkTree = workTree;
    }

    /// <summary>Creates <c>ROOT/NAME.git</c> (default branch <c>main</c>) and a clone of it in <c>work</c>.</summary>
    /// <param name="sharedGroup">Made with <c>--shared=group</c>, as the README's setup does: group-writable, setgid folders.</param>
    public static BareRepo Create(string reposRoot, string name, string workRoot, string? configPath, bool installHook = true, bool sharedGroup = false)
    {
        var path = System.IO.Path.Combine(reposRoot, name + ".git");
        Shell.Check("git", ["init", "-q", "--bare", "--initial-branch=main", .. sharedGroup ? ["--shared=group"] : Array.Empty<string>(), path]);
        if (installHook)
            Shell.Check(Binaries.Cion, ["install-hook", path, "--config", configPath!]);
        var work = System.IO.Path.Combine(workRoot, name.Replace('/', '_'));
        Shell.Check("git", ["init", "-q", "--initial-branch=main", work]);
        Shell.Check("git", ["remote", "add", "origin", path], work);
        return new BareRepo(name, path, work);
    }

    public void Write(string relativePath, string content)
    {
        var file = System.IO.Path.Combine(WorkTree, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    /// <summary>Commits everything in the work tree; returns the new commit's sha.</summary>
    public string Commit(string message = "change")
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Stdout.Trim();
    }

    /// <summary>Pushes HEAD to a branch with the real git; the result holds the hook's <c>remote:</c> lines.</summary>
    public Shell.Result Push(string branch = "main") => Shell.Run("git", ["push", "origin", $"HEAD:refs/heads/{branch}"], WorkTree);

    public Shell.Result Git(params string[] args) => Shell.Check("git", args, WorkTree, Identity);
}
