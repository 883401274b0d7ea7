namespace Cion.Core.Containers;

/// <summary>Which dockerd a step's engine runs: what the build can reach through it depends on it.</summary>
public enum EngineKind
{
    /// <summary>dockerd as a user in a user namespace: the containers the build starts cannot take the host.</summary>
    Rootless,
    /// <summary>dockerd as root in a privileged (or capabilities) container: whatever drives it can take the host.</summary>
    Root,
}
