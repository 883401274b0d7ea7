namespace Cion.Core.Containers;

/// <summary>A started service: its spec as actually run (privilege may have fallen back) and its container.</summary>
public sealed record RunningService(ServiceSpec Spec, ContainerSpec Container, string ContainerId);
