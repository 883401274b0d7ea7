using LibGit2Sharp;

namespace Cion.Core.Hooks;

/// <summary>
/// Installs cion's post-receive hook into a bare repository. A post-receive hook that
/// cion did not write is never replaced: the install is refused with a message saying so.
/// </summary>
public static class HookInstaller
{
    /// <exception cref="HookInstallException">Not a bare repository, or a foreign hook is in the way.</exception>
    public static string Install(string repoPath, string scriptText)
    {
        if (!Repository.IsValid(repoPath) || !File.Exists(Path.Combine(repoPath, "HEAD")))
            throw new HookInstallException($"{repoPath} is not a bare git repository");
        var hooks = Path.Combine(repoPath, "hooks");
        var hook = Path.Combine(hooks, "post-receive");
        if (File.Exists(hook) && !PostReceiveScript.IsCions(File.ReadAllText(hook)))
            throw new HookInstallException(
                $"{hook} exists and was not written by cion; not replacing it. Move it away, or call 'cion hook' from it " +
                "(it reads the same stdin), then run install-hook again.");
        Directory.CreateDirectory(hooks);
        State.AtomicFile.WriteAllText(hook, scriptText);
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101); // rwxr-xr-x
        // Without this, 'git push -o cion.wait' is refused by the server.
        using (var repo = new Repository(repoPath)) repo.Config.Set("receive.advertisePushOptions", true);
        return hook;
    }
}
