using Cion.Core.Config;
using Cion.Core.Secrets;

namespace Cion.Core.Jobs;

/// <summary>
/// The secrets notifications name. A repository's <c>notify</c> names secrets of its own file
/// (<c>SECRETS/REPO.env</c>), never those bound to an environment; the server's names those of the
/// site's file, <c>SECRETS/notify.secrets</c>, which no repository's pushers can name. (No repository's
/// file is a <c>.secrets</c> file at the top, so the name means nothing else.)
/// </summary>
public sealed record NotifySecrets(IReadOnlyDictionary<string, string> Repo, string RepoFile, IReadOnlyDictionary<string, string> Site, string SiteFile)
{
    public const string SiteFileName = "notify" + SecretFile.BoundExtension;

    public static NotifySecrets Load(string secretsDir, string repo, Action<string> warn)
    {
        var repoFile = SecretFile.PathFor(secretsDir, repo);
        var siteFile = Path.Combine(secretsDir, SiteFileName);
        return new NotifySecrets(RepoSecrets.Read(repoFile, warn), repoFile, RepoSecrets.Read(siteFile, warn), siteFile);
    }

    /// <summary>Every value, for masking the notifications' log.</summary>
    public IEnumerable<string> Values => Repo.Values.Concat(Site.Values);

    /// <returns>The notification with its secrets in its env; or why it cannot run (a name its file lacks).</returns>
    public (NotifyConfig? Ready, string? Refusal) Apply(NotifyConfig notify, bool fromSite)
    {
        var (secrets, file) = fromSite ? (Site, SiteFile) : (Repo, RepoFile);
        var missing = notify.Secrets.Where(n => !secrets.ContainsKey(n)).ToList();
        if (missing.Count > 0) return (null, $"{string.Join(", ", missing.Select(m => $"'{m}'"))} not in {file}");
        var env = new Dictionary<string, string>(notify.Env);
        foreach (var name in notify.Secrets) env[name] = secrets[name];
        return (notify with { Env = env }, null);
    }
}
