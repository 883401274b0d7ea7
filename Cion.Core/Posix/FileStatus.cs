using System.Globalization;

namespace Cion.Core.Posix;

/// <summary>What stat(2) says of a path: its owner, group and mode (type and permission bits).</summary>
public readonly record struct FileStatus(uint Uid, uint Gid, uint Mode, long Size = 0)
{
    private const uint TypeMask = 0xF000, DirectoryType = 0x4000, RegularType = 0x8000;

    public bool IsDirectory => (Mode & TypeMask) == DirectoryType;

    public bool IsRegularFile => (Mode & TypeMask) == RegularType;

    /// <summary>The permission bits, setuid, setgid and sticky included.</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    /// <summary>The permission bits as chmod takes them: <c>0755</c>.</summary>
    public string OctalPermissions => Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>Mode, owner and group as <c>stat -c '%04a %u:%g'</c> puts them: <c>0755 1001:1001</c>.</summary>
    public override string ToString() =>
        $"{OctalPermissions} {Uid.ToString(CultureInfo.InvariantCulture)}:{Gid.ToString(CultureInfo.InvariantCulture)}";
}
