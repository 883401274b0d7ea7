using System.Runtime.InteropServices;

namespace Cion.Core.Posix;

/// <summary>
/// Looks a uid up in the account database with getpwuid_r(3) and getgrouplist(3), group names with getgrgid_r(3): through NSS,
/// so users and groups from LDAP or sssd count as they do for login, where parsing /etc/group
/// would miss them.
/// </summary>
public static partial class UserAccounts
{
    private const int BufferTooSmall = 34; // ERANGE

    /// <summary>struct passwd on 64-bit Linux; only the name and the primary group are read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public IntPtr Name, Password;
        public uint Uid, Gid;
        public IntPtr Gecos, Home, Shell;
    }

    [LibraryImport("libc", EntryPoint = "getpwuid_r")]
    private static partial int GetPwUid(uint uid, out Passwd entry, IntPtr buffer, nuint length, out IntPtr result);

    [LibraryImport("libc", EntryPoint = "getgrouplist", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int GetGroupList(string user, uint group, [Out] uint[] groups, ref int count);

    /// <summary>struct group on 64-bit Linux; only the name is read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Group
    {
        public IntPtr Name, Password;
        public uint Gid;
        public IntPtr Members;
    }

    [LibraryImport("libc", EntryPoint = "getgrgid_r")]
    private static partial int GetGrGid(uint gid, out Group entry, IntPtr buffer, nuint length, out IntPtr result);

    /// <summary>
    /// The account of a uid with the groups the database gives it now: the primary group and every
    /// supplementary one. A uid without an account gets no name and no groups.
    /// </summary>
    /// <exception cref="IOException">The database could not be read.</exception>
    public static Account Find(uint uid) => WithBuffer($"uid {uid}", (buffer, size) =>
    {
        var error = GetPwUid(uid, out var entry, buffer, size, out var found);
        if (error != 0 || found == IntPtr.Zero) return (error, new Account(uid, null, new HashSet<uint>()));
        var name = Marshal.PtrToStringUTF8(entry.Name) ?? "";
        return (0, new Account(uid, name, Groups(name, entry.Gid)));
    });

    /// <summary>
    /// The names of an account's groups, as the server's <c>environments:</c> rules name them
    /// (<c>@ops</c>); a group id without a name is left out.
    /// </summary>
    /// <exception cref="IOException">The database could not be read.</exception>
    public static IReadOnlyList<string> GroupNames(Account account) => [.. account.Groups.Select(GroupName).OfType<string>()];

    private static string? GroupName(uint gid) => WithBuffer($"gid {gid}", (buffer, size) =>
    {
        var error = GetGrGid(gid, out var entry, buffer, size, out var found);
        return (error, error != 0 || found == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(entry.Name));
    });

    /// <summary>Calls a *_r lookup with a buffer, doubling it while the call says it is too small.</summary>
    private static T WithBuffer<T>(string what, Func<IntPtr, nuint, (int Error, T Value)> lookup)
    {
        for (var size = 1024; ; size *= 2)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var (error, value) = lookup(buffer, (nuint)size);
                if (error == BufferTooSmall && size < 1 << 20) continue;
                if (error != 0) throw new IOException($"looking up {what} failed: {Marshal.GetPInvokeErrorMessage(error)}");
                return value;
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    }

    private static HashSet<uint> Groups(string name, uint primary)
    {
        var groups = new uint[64];
        var count = groups.Length;
        // -1 says the array was too small, and count how large it must be.
        while (GetGroupList(name, primary, groups, ref count) < 0)
        {
            groups = new uint[Math.Max(count, groups.Length * 2)];
            count = groups.Length;
        }
        return [primary, .. groups.Take(count)];
    }
}
