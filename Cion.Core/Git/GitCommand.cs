using System.Diagnostics;

namespace Cion.Core.Git;

/// <summary>
/// The git program, for the few things <c>cion install-hook</c> asks of a repository. The
/// <c>cion</c> binary never loads libgit2 (only ciond does): installing a hook is rare, git is
/// installed wherever bare repositories live, and git is the authority on its own config file.
/// </summary>
public static class GitCommand
{
    public static bool IsBareRepository(string repoPath) =>
        Run(repoPath, "rev-parse", "--is-bare-repository") is (0, var output) && output.Trim() == "true";

    /// <exception cref="IOException">git could not write the key.</exception>
    public static void SetConfig(string repoPath, string key, string value)
    {
        if (Run(repoPath, "config", key, value) is (not 0, var output))
            throw new IOException($"git config {key} failed in {repoPath}: {output.Trim()}");
    }

    /// <summary>Runs git on <paramref name="repoPath"/> (an explicit --git-dir: no discovery); exit code and stdout+stderr.</summary>
    private static (int ExitCode, string Output) Run(string repoPath, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--git-dir=" + repoPath);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var git = Process.Start(start)!;
            var stderr = git.StandardError.ReadToEndAsync();
            var stdout = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return (git.ExitCode, stdout + stderr.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"cannot run git: {e.Message}");
        }
    }
}
