namespace Cion.Core.Containers;

/// <summary>What a container may do beyond Docker's defaults.</summary>
public enum ContainerPrivilege
{
    /// <summary>Docker's default capabilities: every build and release step.</summary>
    Default,
    Privileged,
    /// <summary>See <see cref="Config.EngineProfile.Capabilities"/>.</summary>
    Capabilities,
}
