namespace Cion.Core.Hooks;

/// <summary>Pure: the names that tell the one <c>cion</c> binary it was started as git's hook.</summary>
public static class HookEntryName
{
    /// <summary>The binary's own file name; a hook symlinked to a file of this name is cion's.</summary>
    public const string Binary = "cion";

    /// <summary>The name git starts a hook by; a symlinked cion sees it as argv[0].</summary>
    public const string PostReceive = "post-receive";

    public static bool IsPostReceive(string argv0) => Path.GetFileName(argv0) == PostReceive;
}
