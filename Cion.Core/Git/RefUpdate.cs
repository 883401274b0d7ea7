namespace Cion.Core.Git;

/// <summary>Pure: one line of a post-receive hook's stdin, <c>OLD NEW REF</c>.</summary>
public sealed record RefUpdate(string Old, string New, string Ref)
{
    private static readonly string ZeroSha = new('0', 40);

    /// <summary>A deleted ref has the all-zero sha as its new value (40 or 64 zeros).</summary>
    public bool IsDeletion => New.All(c => c == '0');

    public static RefUpdate Parse(string line)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !IsSha(parts[0]) || !IsSha(parts[1]))
            throw new FormatException($"expected 'OLD NEW REF' from git, got '{line}'");
        return new RefUpdate(parts[0], parts[1], parts[2]);
    }

    public static bool IsSha(string text) =>
        text.Length is 40 or 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string Zero => ZeroSha;
}
