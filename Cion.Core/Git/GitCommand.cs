using System.Diagnostics;

namespace Cion.Core.Git;

/// <summary>
/// The git program, for the few things the <c>cion</c> binary asks of a repository (install-hook,
/// and the hook's look at a packed commit). It never loads libgit2 (only ciond does): git is
/// installed wherever bare repositories live, and git is the authority on its own files.
/// </summary>
public static class GitCommand
{
    public static bool IsBareRepository(string repoPath) =>
        Run(repoPath, "rev-parse", "--is-bare-repository") is (0, var stdout, _) && stdout.Trim() == "true";

    /// <exception cref="IOException">git could not write the key.</exception>
    public static void SetConfig(string repoPath, string key, string value)
    {
        if (Run(repoPath, "config", key, value) is (not 0, var stdout, var stderr))
            throw new IOException($"git config {key} failed in {repoPath}: {(stdout + stderr).Trim()}");
    }

    /// <summary>A commit's whole message, or null when git cannot say (no such commit, no git on PATH).</summary>
    public static string? CommitMessage(string repoPath, string sha) =>
        Run(repoPath, "log", "-1", "--format=%B", sha) is (0, var stdout, _) ? stdout : null;

    /// <summary>A file's text at a commit (<c>git show SHA:PATH</c>), or null when git cannot give it.</summary>
    public static string? FileAt(string repoPath, string sha, string path) =>
        Run(repoPath, "show", $"{sha}:{path}") is (0, var stdout, _) ? stdout : null;

    /// <summary>Runs git on <paramref name="repoPath"/> (an explicit --git-dir: no discovery).</summary>
    private static (int ExitCode, string Stdout, string Stderr) Run(string repoPath, params string[] args) => Exec(["--git-dir=" + repoPath, .. args]);

    /// <summary>Runs git inside a working copy (<c>git -C DIR …</c>), for <c>cion run</c>.</summary>
    public static (int ExitCode, string Stdout, string Stderr) RunIn(string workTree, params string[] args) => Exec(["-C", workTree, .. args]);

    private static (int ExitCode, string Stdout, string Stderr) Exec(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var git = Process.Start(start)!;
            var stderr = git.StandardError.ReadToEndAsync();
            var stdout = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, stdout, stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"cannot run git: {e.Message}");
        }
    }
}
