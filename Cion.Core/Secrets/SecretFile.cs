namespace Cion.Core.Secrets;

/// <summary>
/// Pure: a repo's secrets file, <c>SECRETS/REPO.env</c>: <c>NAME=value</c> lines, <c>#</c> comments
/// and blank lines ignored. The value is everything after the first <c>=</c>, as written.
/// </summary>
public static class SecretFile
{
    public const string Extension = ".env";

    public static Dictionary<string, string> Parse(string text)
    {
        var secrets = new Dictionary<string, string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0) continue;
            var eq = line.IndexOf('=');
            if (eq > 0) secrets[line[..eq].Trim()] = line[(eq + 1)..];
        }
        return secrets;
    }

    public static string PathFor(string secretsDir, string repo) => Path.Combine(secretsDir, repo + Extension);
}
