namespace Cion.Core.Containers;

/// <summary>Pure data: what the engine says of one container, in cion's terms.</summary>
/// <param name="Name">As the engine names it (Docker puts a <c>/</c> first).</param>
/// <param name="State">The engine's own word for it (<c>created</c>, <c>running</c>, <c>exited</c>, …), as cion.log shows it.</param>
/// <param name="ExitCode">The code of its last exit; null when the engine did not say.</param>
/// <param name="StartedAt">When it last started; null when it never has.</param>
/// <param name="Addresses">Its IP address on each network it is on, in the engine's order.</param>
/// <param name="VolumeNames">The named volumes it mounts: which layer cache an adopted engine holds is known only from the engine.</param>
public sealed record ContainerStatus(string Id, string Name, string State, bool Running, long? ExitCode, DateTimeOffset? StartedAt,
    IReadOnlyList<KeyValuePair<string, string?>> Addresses, IReadOnlyList<string>? VolumeNames = null)
{
    /// <summary>Made and never started: a daemon died between the two.</summary>
    public const string Created = "created";

    /// <summary>Its address on <paramref name="network"/>, or on its first network when not on that one: where the daemon's host reaches it.</summary>
    public string AddressOn(string? network)
    {
        var endpoint = Addresses.FirstOrDefault(a => network is not null && a.Key == network);
        if (endpoint.Key is null) endpoint = Addresses.FirstOrDefault();
        return endpoint.Value ?? throw new InvalidOperationException($"container {Name} has no network address");
    }
}
