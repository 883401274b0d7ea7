using System.Globalization;
using System.Text.RegularExpressions;

namespace Cion.Core.Jobs;

/// <summary>
/// A job's identity: <c>20261124-200417.123456-1a2b3c4-9f3e</c> (UTC queue time, short sha, random).
/// Sorting ids as strings sorts jobs by queue time, which is how the spool stays oldest-first
/// and how <c>ls runs/</c> lists a commit's runs in order. Safe as a file name, a container
/// name part and a label value.
/// </summary>
public readonly partial record struct JobId(string Value)
{
    private const string TimeFormat = "yyyyMMdd-HHmmss.ffffff";

    public static JobId New(DateTimeOffset queuedAt, string sha)
    {
        var time = queuedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        // Only against two pushes of one commit in the same microsecond: no need for a secure
        // generator, whose OpenSSL start-up would cost the hook about 9 ms per push.
        var random = Random.Shared.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture);
        return new JobId($"{time}-{sha[..Math.Min(7, sha.Length)]}-{random}");
    }

    public static bool TryParse(string text, out JobId id)
    {
        id = new JobId(text);
        return Shape().IsMatch(text);
    }

    public override string ToString() => Value;

    [GeneratedRegex(@"^\d{8}-\d{6}\.\d{6}-[0-9a-f]{1,40}-[0-9a-f]{4}$")]
    private static partial Regex Shape();
}
