namespace Cion.Core.Containers;

/// <summary>A started service: its spec as actually run (privilege may have fallen back) and its container.</summary>
/// <param name="Launch">For the engine cion started itself: how dockerd was started in its image (null when adopted).</param>
/// <param name="Warm">A warm engine the job took: started, emptied and preloaded before the job asked.</param>
public sealed record RunningService(ServiceSpec Spec, ContainerSpec Container, string ContainerId, EngineLaunch? Launch = null, bool Warm = false);
