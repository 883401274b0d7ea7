using System.Runtime.InteropServices;

namespace Cion.Core.Posix;

/// <summary>The account this process runs as, by its effective uid: the owner of the files it writes.</summary>
public static partial class CurrentUser
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();

    /// <exception cref="IOException">The account database could not be read.</exception>
    public static Account Find() => UserAccounts.Find(GetEuid());
}
