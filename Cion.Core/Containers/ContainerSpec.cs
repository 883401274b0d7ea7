namespace Cion.Core.Containers;

/// <summary>Pure data: everything needed to create one step container. Built by <see cref="ContainerSpecBuilder"/>.</summary>
public sealed record ContainerSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public required IReadOnlyDictionary<string, string> Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public string? WorkingDir { get; init; }
    public required IReadOnlyList<Mount> Mounts { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
}

/// <summary>A host folder seen inside a container.</summary>
public sealed record Mount(string HostPath, string ContainerPath, bool ReadOnly);
