namespace Cion.Core.Config;

/// <summary>What a step's <c>docker</c> key asks for: <c>false</c>, <c>true</c> or <c>root</c>.</summary>
public enum DockerRequest
{
    /// <summary><c>docker: false</c>: no engine, no network.</summary>
    None,
    /// <summary><c>docker: true</c>: the server's engine, rootless where the host allows it.</summary>
    Engine,
    /// <summary>
    /// <c>docker: root</c>: a root engine, for a build that runs Docker-in-Docker or kind itself; only a
    /// repository in <c>dind.trusted</c> gets one.
    /// </summary>
    Root,
}
