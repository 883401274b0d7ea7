using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// Removes what cion made in the engine, each cleanup under a deadline of its own
/// (<see cref="CleanupDeadline"/>). The engine's refusals and its silence do not throw: they are
/// reported as what was left, so a cleanup never changes how a job ends and never waits for ever.
/// A thing already gone counts as removed. An engine that cannot be reached at all still throws,
/// as every other call to it does.
/// </summary>
internal sealed class DockerCleanup(IDockerClient docker, CleanupDeadline deadlines)
{
    /// <summary>One thing to remove: its name as a user would look for it, and the call that removes it.</summary>
    private sealed record Removal(string What, Func<CancellationToken, Task> RemoveAsync);

    public CancellationTokenSource StartDeadline() => deadlines.Start();

    public Task<CleanupReport> RemoveContainerAsync(string idOrName, IEnumerable<NamedVolume> volumes, CancellationTokenSource deadline) =>
        RemoveEachAsync([Container(idOrName, idOrName), .. volumes.Select(v => Volume(v.Name))], deadline);

    /// <param name="keep">Job ids whose things stay, asked for only once everything is listed.</param>
    /// <param name="everything">What the filter selects, for the report when not even the listing answers.</param>
    /// <param name="spareContainer">A container id to leave whatever its labels (the caller's own, when it runs inside one).</param>
    public async Task<CleanupReport> RemoveLabelledAsync(IDictionary<string, IDictionary<string, bool>> filter,
        Func<IReadOnlySet<string>>? keep, string everything, CancellationToken alsoEndOn, string? spareContainer = null)
    {
        using var deadline = deadlines.Start(alsoEndOn);
        IList<ContainerListResponse> containers;
        IList<NetworkResponse> networks;
        IList<VolumeResponse> volumes;
        try
        {
            (containers, networks, volumes) = await ListAsync(filter, deadline);
        }
        catch (Exception e) when (Failed(e, deadline))
        {
            return new CleanupReport(0, [(everything, Why(e))]);
        }
        var kept = keep?.Invoke() ?? new HashSet<string>();
        bool remove(IDictionary<string, string>? labels) => !(labels is not null && labels.TryGetValue(Labels.Job, out var job) && kept.Contains(job));
        // Containers first: a network or volume still in use by one cannot go.
        return await RemoveEachAsync([
            .. containers.Where(c => remove(c.Labels) && c.ID != spareContainer).Select(c => Container(c.ID, c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID)),
            .. networks.Where(n => remove(n.Labels)).Select(n => new Removal($"network {n.Name}", t => docker.Networks.DeleteNetworkAsync(n.ID, t))),
            .. volumes.Where(v => remove(v.Labels)).Select(v => Volume(v.Name)),
        ], deadline);
    }

    public Task<CleanupReport> RemoveNetworkAsync(string name, CancellationTokenSource deadline) =>
        RemoveEachAsync([new Removal($"network {name}", t => docker.Networks.DeleteNetworkAsync(name, t))], deadline);

    /// <summary>
    /// Warm engines (the filter selects them): their containers but those whose name <paramref name="keep"/> says, and
    /// what each was made with under its first name (the <see cref="Labels.Warm"/> value): its network, and its own
    /// volume when no cache volume was free. With <paramref name="sweep"/>, also such networks and volumes whose
    /// container is gone; otherwise only those of the containers removed.
    /// </summary>
    public async Task<CleanupReport> RemoveWarmAsync(IDictionary<string, IDictionary<string, bool>> filter, Func<string, bool> keep, bool sweep, CancellationToken alsoEndOn)
    {
        using var deadline = deadlines.Start(alsoEndOn);
        IList<ContainerListResponse> containers;
        IList<NetworkResponse> networks;
        IList<VolumeResponse> volumes;
        try
        {
            (containers, networks, volumes) = await ListAsync(filter, deadline);
        }
        catch (Exception e) when (Failed(e, deadline))
        {
            return new CleanupReport(0, [($"the warm engines labelled {Labels.Warm}", Why(e))]);
        }
        static string NameOf(ContainerListResponse c) => c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID;
        static string? FirstName(ContainerListResponse c) => c.Labels?.TryGetValue(Labels.Warm, out var name) == true ? name : null;
        var (removed, kept) = (containers.Where(c => !keep(NameOf(c))).ToList(), containers.Where(c => keep(NameOf(c))).ToList());
        var keptNames = kept.Select(FirstName).OfType<string>().ToHashSet();
        var removedNames = removed.Select(FirstName).OfType<string>().ToHashSet();
        bool Goes(string name) => sweep ? !keptNames.Contains(name) : removedNames.Contains(name);
        // Containers first: a network or volume still in use by one cannot go.
        return await RemoveEachAsync([
            .. removed.Select(c => Container(c.ID, NameOf(c))),
            .. networks.Where(n => Goes(n.Name)).Select(n => new Removal($"network {n.Name}", t => docker.Networks.DeleteNetworkAsync(n.ID, t))),
            .. volumes.Where(v => Goes(v.Name)).Select(v => Volume(v.Name)),
        ], deadline);
    }

    /// <summary>Everything the filter selects, under the cleanup's deadline.</summary>
    private async Task<(IList<ContainerListResponse>, IList<NetworkResponse>, IList<VolumeResponse>)> ListAsync(
        IDictionary<string, IDictionary<string, bool>> filter, CancellationTokenSource deadline) => (
        await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, deadline.Token),
        await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, deadline.Token),
        (await docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, deadline.Token)).Volumes ?? []);

    private async Task<CleanupReport> RemoveEachAsync(IReadOnlyList<Removal> removals, CancellationTokenSource deadline)
    {
        var removed = 0;
        var left = new List<(string What, string Why)>();
        foreach (var removal in removals)
        {
            if (deadline.IsCancellationRequested)
            {
                left.Add((removal.What, deadlines.Why()));
                continue;
            }
            try
            {
                await removal.RemoveAsync(deadline.Token);
                removed++;
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                removed++; // already gone: the state we wanted
            }
            catch (Exception e) when (Failed(e, deadline))
            {
                left.Add((removal.What, Why(e)));
            }
        }
        return new CleanupReport(removed, left);
    }

    private Removal Container(string id, string name) => new($"container {name}",
        t => docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, t));

    private Removal Volume(string name) => new($"volume {name}", t => docker.Volumes.RemoveAsync(name, force: true, t));

    private static bool Failed(Exception e, CancellationTokenSource deadline) =>
        e is DockerApiException || (e is OperationCanceledException && deadline.IsCancellationRequested);

    private string Why(Exception e) => e is DockerApiException api ? DockerErrors.Text(api) : deadlines.Why();
}
