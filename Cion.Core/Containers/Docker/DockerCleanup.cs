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
    /// <param name="Holder">A container: a network or volume it uses cannot go before it.</param>
    private sealed record Removal(string What, Func<CancellationToken, Task> RemoveAsync, bool Holder = false);

    public CancellationTokenSource StartDeadline() => deadlines.Start();

    public Task<CleanupReport> RemoveContainerAsync(string idOrName, IEnumerable<NamedVolume> volumes, CancellationTokenSource deadline) =>
        RemoveContainersAsync([idOrName], volumes.Select(v => v.Name), deadline);

    /// <summary>The containers, then the volumes (a volume in use cannot go).</summary>
    public Task<CleanupReport> RemoveContainersAsync(IEnumerable<string> idsOrNames, IEnumerable<string> volumes, CancellationTokenSource deadline) =>
        RemoveEachAsync([.. idsOrNames.Select(c => Container(c, c)), .. volumes.Select(Volume)], deadline);

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
        return await RemoveEachAsync([
            .. removed.Select(c => Container(c.ID, NameOf(c))),
            .. networks.Where(n => Goes(n.Name)).Select(n => new Removal($"network {n.Name}", t => docker.Networks.DeleteNetworkAsync(n.ID, t))),
            .. volumes.Where(v => Goes(v.Name)).Select(v => Volume(v.Name)),
        ], deadline);
    }

    /// <summary>
    /// Everything the filter selects, under the cleanup's deadline: the three listings at once, as on a node behind a
    /// link each is a round trip on every job's path.
    /// </summary>
    private async Task<(IList<ContainerListResponse>, IList<NetworkResponse>, IList<VolumeResponse>)> ListAsync(
        IDictionary<string, IDictionary<string, bool>> filter, CancellationTokenSource deadline)
    {
        var containers = docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, deadline.Token);
        var networks = docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter }, deadline.Token);
        var volumes = docker.Volumes.ListAsync(new VolumesListParameters { Filters = filter }, deadline.Token);
        await Task.WhenAll(containers, networks, volumes);
        return (await containers, await networks, (await volumes).Volumes ?? []);
    }

    /// <summary>
    /// The containers, a few at once, then the networks and volumes: each removal waits on the engine (a container's
    /// stop, a volume's files), and on a node behind a link each is a round trip as well. A few, not all: a start-up
    /// sweep of hundreds must not open hundreds of connections.
    /// </summary>
    private async Task<CleanupReport> RemoveEachAsync(IReadOnlyList<Removal> removals, CancellationTokenSource deadline)
    {
        var outcomes = new List<(string What, string? Why)>();
        foreach (var wave in new[] { removals.Where(r => r.Holder).ToList(), removals.Where(r => !r.Holder).ToList() })
        {
            var why = new string?[wave.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, wave.Count), new ParallelOptions { MaxDegreeOfParallelism = AtOnce },
                async (i, _) => why[i] = await RemoveOneAsync(wave[i], deadline));
            outcomes.AddRange(wave.Zip(why, (removal, left) => (removal.What, left)));
        }
        return new CleanupReport(outcomes.Count(o => o.Why is null), [.. outcomes.Where(o => o.Why is not null).Select(o => (o.What, o.Why!))]);
    }

    private const int AtOnce = 8;

    /// <returns>Null when it is gone (already gone counts), else why it is left.</returns>
    private async Task<string?> RemoveOneAsync(Removal removal, CancellationTokenSource deadline)
    {
        if (deadline.IsCancellationRequested) return deadlines.Why();
        try
        {
            await removal.RemoveAsync(deadline.Token);
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // already gone: the state we wanted
        }
        catch (Exception e) when (Failed(e, deadline))
        {
            return Why(e);
        }
    }

    private Removal Container(string id, string name) => new($"container {name}",
        t => docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, t), Holder: true);

    private Removal Volume(string name) => new($"volume {name}", t => docker.Volumes.RemoveAsync(name, force: true, t));

    private static bool Failed(Exception e, CancellationTokenSource deadline) =>
        e is DockerApiException || (e is OperationCanceledException && deadline.IsCancellationRequested);

    private string Why(Exception e) => e is DockerApiException api ? DockerErrors.Text(api) : deadlines.Why();
}
