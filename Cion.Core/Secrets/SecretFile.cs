namespace Cion.Core.Secrets;

/// <summary>
/// Pure: a repo's secrets file, <c>SECRETS/REPO.env</c> (or an environment's, <c>SECRETS/REPO/ENV.secrets</c>): <c>NAME=value</c> lines, <c>#</c> comments
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

    /// <summary>The extension of an environment's own file, <c>SECRETS/REPO/ENV.secrets</c>.</summary>
    public const string BoundExtension = ".secrets";

    public static string PathFor(string secretsDir, string repo) => Path.Combine(secretsDir, repo + Extension);

    /// <summary>
    /// The secrets bound to one environment of a repo. Not <c>REPO/ENV.env</c>: that is the file of a
    /// repository named <c>REPO/ENV</c>, whose pushers would read the environment's secrets. No repo's
    /// file ends in <c>.secrets</c>, and environment names have no <c>/</c>, so no two meanings share a path.
    /// </summary>
    public static string PathFor(string secretsDir, string repo, string environment) =>
        Path.Combine(secretsDir, repo, environment + BoundExtension);
}
