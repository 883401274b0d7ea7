namespace Cion.Core.Containers;

/// <summary>
/// Pure data: a container that runs beside a step on the job's network, and how to tell it is
/// ready. The per-job Docker engine is one of these, ready when its API answers.
/// </summary>
/// <param name="Engine">Which dockerd it runs, when it is the job's engine.</param>
/// <param name="Cache">The job's engine only: the pool its data root is leased from when one is free (else its own volume, as planned).</param>
public sealed record ServiceSpec(string Name, ContainerSpec Container, ServiceReadiness Readiness, bool WantsPrivilege, int? Port = null,
    EngineKind? Engine = null, CachePool? Cache = null);
