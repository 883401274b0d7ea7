using System.Text;

namespace Cion.Core.Config;

/// <summary>
/// Turns a config file's bytes into text: strict UTF-8 (bytes that are not UTF-8 are an error
/// naming the line, not silently replaced) and no larger than the parser takes. Pure: the
/// caller reads the file (see <c>Cion.Core.ConfigFiles</c>), so Config never touches the disk.
/// </summary>
public static class ConfigText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether a file of this many bytes is past the limit; checked before reading it whole.</summary>
    public static ConfigException? TooLarge(long length, string shownAs) =>
        length > YamlTree.MaxLength
            ? new ConfigException([new ConfigError(shownAs, 0, "", $"the file is {length / 1024} KiB; the limit is {YamlTree.MaxLength / 1024} KiB")])
            : null;

    /// <exception cref="ConfigException">Too large, or not UTF-8 (naming the line).</exception>
    public static string Decode(byte[] bytes, string shownAs)
    {
        if (TooLarge(bytes.Length, shownAs) is { } tooLarge) throw tooLarge;
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes.Take(Math.Max(0, e.Index)).Count(b => b == (byte)'\n');
            throw new ConfigException([new ConfigError(shownAs, line, "", "not UTF-8 text")]);
        }
    }
}
