using Cion.Core.Git;
using Cion.Core.State;

namespace Cion.Core.Hooks;

/// <summary>
/// Installs cion's post-receive hook into a bare repository. A post-receive hook that
/// cion did not write is never replaced: the install is refused with a message saying so.
/// Installing again over cion's own hook (a symlink or an older script) is fine.
/// </summary>
public static class HookInstaller
{
    /// <summary>
    /// A native <c>cion</c> is linked as <c>hooks/post-receive</c> itself, so git starts it
    /// with no shell in between (about a millisecond of every push); it knows it is the hook
    /// by its name and reads its config path from <see cref="HookConfigKey"/>. A build that
    /// needs the .NET runtime (<paramref name="dotnetRoot"/> set) gets the script instead,
    /// because only a script can set DOTNET_ROOT.
    /// </summary>
    /// <exception cref="HookInstallException">Not a bare repository, or a foreign hook is in the way.</exception>
    public static string Install(string repoPath, string cionBinary, string configFile, string? dotnetRoot)
    {
        if (!File.Exists(Path.Combine(repoPath, "HEAD")) || !GitCommand.IsBareRepository(repoPath))
            throw new HookInstallException($"{repoPath} is not a bare git repository");
        var hooks = Path.Combine(repoPath, "hooks");
        var hook = Path.Combine(hooks, "post-receive");
        if (!IsAbsentOrCions(hook))
            throw new HookInstallException(
                $"{hook} exists and was not written by cion; not replacing it. Move it away, or call 'cion hook' from it " +
                "(it reads the same stdin), then run install-hook again.");
        // Written before the hook, so a push that finds the new hook also finds its config.
        // Without advertisePushOptions, 'git push -o cion.wait' is refused by the server.
        GitCommand.SetConfig(repoPath, "receive.advertisePushOptions", "true");
        GitCommand.SetConfig(repoPath, HookConfigKey.Name, configFile);
        if (dotnetRoot is null)
        {
            AtomicFile.ReplaceSymlink(hook, cionBinary);
            return hook;
        }
        Directory.CreateDirectory(hooks);
        AtomicFile.WriteAllText(hook, PostReceiveScript.Render(cionBinary, configFile, dotnetRoot));
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101); // rwxr-xr-x
        return hook;
    }

    /// <summary>cion's hooks: a symlink to a binary named <c>cion</c> (wherever it was installed), or a script with the marker.</summary>
    private static bool IsAbsentOrCions(string hook)
    {
        var info = new FileInfo(hook);
        if (info.LinkTarget is { } target) return Path.GetFileName(target) == HookEntryName.Binary;
        return !info.Exists || PostReceiveScript.IsCions(File.ReadAllText(hook));
    }
}
