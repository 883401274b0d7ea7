using System.Text;

namespace Cion.Core.Config;

/// <summary>Reads a config file as strict UTF-8: bytes that are not UTF-8 are an error naming where, not silently replaced.</summary>
public static class ConfigText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path, string shownAs)
    {
        var info = new FileInfo(path);
        if (info.Length > YamlTree.MaxLength)
            throw new ConfigException([new ConfigError(shownAs, 0, "", $"the file is {info.Length / 1024} KiB; the limit is {YamlTree.MaxLength / 1024} KiB")]);
        var bytes = File.ReadAllBytes(path);
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
