namespace Cion.Core.Config;

/// <summary>
/// Which jobs share a per-job engine's layer cache (<c>dind.cache</c>). Never two repositories:
/// the cache is only ever shared within one.
/// </summary>
public enum CacheScope
{
    /// <summary>Every branch (and tag) of a repository shares its cache: whoever can push any branch can plant layers the others build on.</summary>
    Repo,
    /// <summary>Each ref of a repository has its own cache.</summary>
    Branch,
    /// <summary>No cache: every engine starts empty, as before issue 14.</summary>
    Off,
}
