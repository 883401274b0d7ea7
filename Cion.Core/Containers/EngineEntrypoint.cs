namespace Cion.Core.Containers;

/// <summary>The shapes of engine image <see cref="EngineLaunch"/> tells apart, by their ENTRYPOINT.</summary>
public enum EngineEntrypoint
{
    /// <summary>No entrypoint: the CMD is the whole command line, so dockerd must be on the image's PATH.</summary>
    None,
    /// <summary>The entrypoint runs dockerd itself (<c>["dockerd", …]</c>, <c>["tini", "--", "dockerd"]</c>): a CMD only adds arguments.</summary>
    Dockerd,
    /// <summary>Any other entrypoint, taken to run its arguments, as docker:dind's <c>dockerd-entrypoint.sh</c> does.</summary>
    Script,
}
