using System.CommandLine;
using System.Runtime.InteropServices;
using Cion.Core.Git;
using Cion.Core.Hooks;

namespace Cion.Hook.Commands;

/// <summary><c>cion install-hook REPO</c>: writes <c>hooks/post-receive</c> into a bare repository.</summary>
internal static class InstallHookCommand
{
    public static Command Create()
    {
        var repo = new Argument<string>("repo") { Description = "Path of the bare repository" };
        var command = new Command("install-hook",
            "Install cion's post-receive hook into a bare repository: a symlink to this binary, with the config in force recorded as cion.config in the repository's git config. " +
            "Refuses to replace a post-receive hook that cion did not write.");
        command.Arguments.Add(repo);
        command.SetAction(parsed => Run(parsed, parsed.GetValue(repo)!));
        return command;
    }

    private static int Run(ParseResult parsed, string repoArgument)
    {
        if (ConfigOption.Load(parsed) is not { } config) return ExitCodes.BadConfig;
        var repoPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repoArgument));
        try
        {
            var hook = HookInstaller.Install(repoPath, Environment.ProcessPath!, config.SourceFile, FrameworkDependentDotnetRoot());
            Console.WriteLine($"cion: installed {hook} (config {config.SourceFile})");
        }
        catch (Exception e) when (e is HookInstallException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cion: {e.Message}");
            return ExitCodes.Refused;
        }
        if (RepoName.FromPath(repoPath, config.Repos) is null)
            Console.Error.WriteLine($"cion: warning: {repoPath} is under none of the repos roots ({string.Join(", ", config.Repos)}); pushes to it will queue nothing");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Where the .NET runtime lives, for a binary that needs one; null for a self-contained binary.
    /// Git may run the hook with no DOTNET_ROOT, and a runtime outside the default places would not be found.
    /// </summary>
    private static string? FrameworkDependentDotnetRoot()
    {
        var appDir = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(appDir, "libhostfxr.so")) || IsNativeAot()) return null;
        // .../dotnet/shared/Microsoft.NETCore.App/10.0.x/ -> .../dotnet
        return Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
    }

    private static bool IsNativeAot() => !System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;
}
