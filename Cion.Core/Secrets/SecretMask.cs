using System.Text;

namespace Cion.Core.Secrets;

/// <summary>
/// Pure: replaces every secret value with <c>***</c>. Longer values first, so a secret that
/// contains another is masked whole.
/// </summary>
public sealed class SecretMask
{
    public const string Mask = "***";
    public static readonly SecretMask None = new([]);

    private readonly string[] _values;

    private readonly byte[][] _bytes;

    public SecretMask(IEnumerable<string> values)
    {
        _values = [.. values.Where(v => v.Length > 0).Distinct().OrderByDescending(v => v.Length)];
        _bytes = [.. _values.Select(Encoding.UTF8.GetBytes)];
    }

    public bool IsEmpty => _values.Length == 0;

    public string Apply(string text)
    {
        foreach (var value in _values) text = text.Replace(value, Mask, StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// Masks a stretch of a byte stream, left to right, longest value first. Unless
    /// <paramref name="final"/>, it stops where the rest could still be the start of a value
    /// that more bytes would complete, and says how many bytes it consumed: the caller keeps the
    /// rest for the next call.
    /// </summary>
    public (byte[] Output, int Consumed) Apply(ReadOnlySpan<byte> data, bool final)
    {
        var output = new List<byte>(data.Length);
        var i = 0;
        while (i < data.Length)
        {
            var rest = data[i..];
            if (!final && CouldStartAValue(rest))
                break; // maybe the start of a value: wait for more
            var match = FirstValueAt(rest);
            if (match is not null)
            {
                output.AddRange(MaskBytes);
                i += match.Length;
            }
            else
            {
                output.Add(data[i]);
                i++;
            }
        }
        return ([.. output], i);
    }

    private bool CouldStartAValue(ReadOnlySpan<byte> rest)
    {
        foreach (var value in _bytes)
            if (value.Length > rest.Length && value.AsSpan(0, rest.Length).SequenceEqual(rest)) return true;
        return false;
    }

    private byte[]? FirstValueAt(ReadOnlySpan<byte> rest)
    {
        foreach (var value in _bytes)
            if (rest.StartsWith(value)) return value;
        return null;
    }

    private static readonly byte[] MaskBytes = Encoding.UTF8.GetBytes(Mask);
}
