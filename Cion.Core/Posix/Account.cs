using System.Globalization;

namespace Cion.Core.Posix;

/// <summary>A user as the kernel judges its file access: its uid and every group it is in.</summary>
/// <param name="Name">The account's name; null for a uid the account database does not know.</param>
public sealed record Account(uint Uid, string? Name, IReadOnlySet<uint> Groups)
{
    public const uint RootUid = 0;

    public bool IsRoot => Uid == RootUid;

    /// <summary><c>bob (uid 1002)</c>, or <c>uid 1002</c> without an account.</summary>
    public override string ToString()
    {
        var uid = Uid.ToString(CultureInfo.InvariantCulture);
        return Name is null ? $"uid {uid}" : $"{Name} (uid {uid})";
    }
}
