namespace Cion.Core.Config;

/// <summary>
/// The server's configuration (<c>/etc/cion/cion.yml</c>). Every key has a default,
/// so an empty mapping is a valid file. Paths are absolute once loaded.
/// </summary>
public sealed record ServerConfig
{
    public const string DefaultPath = "/etc/cion/cion.yml";
    public const string PathVariable = "CION_CONFIG";
    public const string DefaultDindImage = "docker:dind";

    /// <summary>The file this was read from, absolute; shown in messages and baked into installed hooks.</summary>
    public string SourceFile { get; init; } = DefaultPath;

    public string Spool { get; init; } = "/var/spool/cion";
    public string State { get; init; } = "/var/lib/cion";
    public IReadOnlyList<string> Repos { get; init; } = ["/srv/git"];
    public string Docker { get; init; } = "unix:///var/run/docker.sock";
    public int Concurrency { get; init; } = 2;
    public string Log { get; init; } = "/var/log/cion";
    public string DindImage { get; init; } = DefaultDindImage;
}
