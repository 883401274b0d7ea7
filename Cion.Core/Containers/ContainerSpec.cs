namespace Cion.Core.Containers;

/// <summary>Pure data: everything needed to create one container. Built by <see cref="ContainerSpecBuilder"/>.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public required IReadOnlyDictionary<string, string> Env { get; init; }
    /// <summary>Replaces the image's entrypoint when set; null keeps the image's.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public string? WorkingDir { get; init; }
    public required IReadOnlyList<Mount> Mounts { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    /// <summary>The job's network to join, or null for the engine's default network.</summary>
    public string? Network { get; init; }
    /// <summary>Names other containers on <see cref="Network"/> reach this one by.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public ContainerPrivilege Privilege { get; init; } = ContainerPrivilege.Default;
    /// <summary>Host devices the container gets at the same path (the rootless engine's <c>/dev/net/tun</c>).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    /// <summary>Volumes cion creates for this container (labelled like it) and removes with it.</summary>
    public IReadOnlyList<NamedVolume> Volumes { get; init; } = [];
}
