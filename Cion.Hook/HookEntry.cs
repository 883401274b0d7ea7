using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Core.Hooks;
using Cion.Hook.Commands;

namespace Cion.Hook;

/// <summary>
/// The hook's way in, ahead of System.CommandLine: every push waits for it, and building the
/// whole command tree to run one command costs start-up time git then adds to the push.
/// Two ways in: <c>hooks/post-receive</c> as a symlink to this binary (git starts it, no shell
/// between), or <c>cion hook [--config FILE]</c> as older installed scripts call it.
/// Anything else (help, other options) goes to the full parser.
/// </summary>
internal static class HookEntry
{
    public static int? TryRun(string[] args)
    {
        if (HookEntryName.IsPostReceive(Environment.GetCommandLineArgs()[0]) && args.Length == 0)
            return HookCommand.Run(ConfigFromRepo());
        return args switch
        {
            ["hook"] => HookCommand.Run(Resolve(null)),
            ["hook", "--config", var file] => HookCommand.Run(Resolve(file)),
            ["--config", var file, "hook"] => HookCommand.Run(Resolve(file)),
            _ => null,
        };
    }

    /// <summary>The option's file, else $CION_CONFIG, else the default.</summary>
    private static string Resolve(string? option) => ServerConfigFile.ResolvePath(option, Environment.GetEnvironmentVariable);

    /// <summary>The path install-hook recorded in the repo's own config file; else $CION_CONFIG, else the default.</summary>
    private static string ConfigFromRepo()
    {
        string? recorded = null;
        try
        {
            recorded = HookConfigKey.Find(File.ReadAllText(Path.Combine(HookCommand.RepoPath(), "config")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // no readable repo config: fall back like 'cion hook' without --config
        }
        return Resolve(recorded);
    }
}
