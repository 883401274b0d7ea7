using Cion.Core.Containers;

namespace Cion.Core.LocalRuns;

/// <summary>One step ready to run: its container, its services (the engine <c>docker</c> asks for among them), its time limit.</summary>
public sealed record LocalStep(string Name, ContainerSpec Container, IReadOnlyList<ServiceSpec> Services, TimeSpan Timeout);
