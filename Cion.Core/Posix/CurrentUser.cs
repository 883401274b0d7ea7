using System.Runtime.InteropServices;

namespace Cion.Core.Posix;

/// <summary>The account this process runs as, by its effective uid: the owner of the files it writes.</summary>
public static partial class CurrentUser
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    /// <summary>Whether this process may write anything and give what it makes to others (euid 0).</summary>
    public static bool IsRoot => GetEuid() == 0;

    /// <exception cref="IOException">The account database could not be read.</exception>
    public static Account Find() => UserAccounts.Find(GetEuid());
}
