namespace Cion.Core.Config;

/// <summary>
/// One entry of <c>notify:</c> (a repository's <c>.cion.yml</c> or the server's <c>cion.yml</c>):
/// a container run after a job ends, when one of its events happened.
/// </summary>
public sealed record NotifyConfig
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    public required string Image { get; init; }
    public IReadOnlyList<NotifyEvent> On { get; init; } = NotifyEventWords.Default;
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    /// <summary>Overrides the image's command; null keeps the image's own.</summary>
    public IReadOnlyList<string>? Cmd { get; init; }
    /// <summary>Names of secrets it gets as env: the repo's own file for a repo's entry, the site's for the server's.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
    /// <summary>How long it may take, pulling its image included; past it the container is removed.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;
}
