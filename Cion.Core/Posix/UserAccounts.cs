using System.Runtime.InteropServices;

namespace Cion.Core.Posix;

/// <summary>
/// Looks a uid up in the account database with getpwuid_r(3) and getgrouplist(3): through NSS,
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

    /// <summary>
    /// The account of a uid with the groups the database gives it now: the primary group and every
    /// supplementary one. A uid without an account gets no name and no groups.
    /// </summary>
    /// <exception cref="IOException">The database could not be read.</exception>
    public static Account Find(uint uid)
    {
        for (var size = 1024; ; size *= 2)
        {
            var buffer = Marshal.AllocHGlobal(size);
            try
            {
                var error = GetPwUid(uid, out var entry, buffer, (nuint)size, out var found);
                if (error == BufferTooSmall && size < 1 << 20) continue;
                if (error != 0) throw new IOException($"looking up uid {uid} failed: {Marshal.GetPInvokeErrorMessage(error)}");
                if (found == IntPtr.Zero) return new Account(uid, null, new HashSet<uint>());
                var name = Marshal.PtrToStringUTF8(entry.Name) ?? "";
                return new Account(uid, name, Groups(name, entry.Gid));
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
