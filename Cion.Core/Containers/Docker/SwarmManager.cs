using Cion.Core.Swarm;
using Docker.DotNet;
using Docker.DotNet.Models;
using SwarmServiceSpec = Docker.DotNet.Models.ServiceSpec;

namespace Cion.Core.Containers.Docker;

/// <summary>
/// <see cref="ISwarmManager"/> on a Docker Swarm manager: each job's runner is a service of one task,
/// never restarted (a lost task is cion's to judge, not Swarm's to repeat), with the node's docker.sock,
/// the job's keys as a Swarm secret, on the node's own network (so it reaches the job's containers on
/// every bridge network there) and listening on the port ciond chose, on whichever node Swarm picks.
/// </summary>
public sealed class SwarmManager(IDockerClient docker, string owner, CleanupDeadline deadlines) : ISwarmManager
{
    private const string NodeSocket = "/var/run/docker.sock";

    public static SwarmManager Connect(Uri endpoint, string owner, CleanupDeadline deadlines) =>
        new(new DockerClientBuilder().WithEndpoint(endpoint).Build(), owner, deadlines);

    public async Task CreateRunnerAsync(RunnerServiceSpec spec, CancellationToken ct)
    {
        var labels = OwnedLabels(spec.JobId);
        var name = RunnerServiceSpec.ServiceName(spec.JobId);
        var serviceLabels = new Dictionary<string, string>(labels) { [RunnerTasks.PortLabel] = spec.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        try
        {
            var secret = await docker.Secrets.CreateAsync(new SwarmSecretSpec { Name = SecretName(spec.JobId), Labels = labels, Data = spec.Keys }, ct);
            await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters { Service = Service(spec, name, serviceLabels, secret.ID) }, ct);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException)
        {
            await RemoveRunnerAsync(spec.JobId);
            if (e is DockerApiException refused) throw DockerErrors.Refused(refused);
            throw;
        }
    }

    /// <summary>
    /// A service that runs its container once, where the constraints say. Not replicated-job: on Docker 20.10 removing
    /// one leaves its task's container on the node (moby/moby#44312) and draining its node does not stop it; one
    /// replica that never restarts has neither flaw.
    /// </summary>
    private static SwarmServiceSpec OneShot(string name, IDictionary<string, string> labels, global::Docker.DotNet.Models.ContainerSpec container,
        IEnumerable<string> constraints) => new()
    {
        Name = name,
        Labels = labels,
        Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 1 } },
        TaskTemplate = new TaskSpec
        {
            ContainerSpec = container,
            RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
            Placement = new Placement { Constraints = [.. constraints] },
        },
    };

    private SwarmServiceSpec Service(RunnerServiceSpec spec, string name, Dictionary<string, string> labels, string secretId)
    {
        var service = OneShot(name, labels, new global::Docker.DotNet.Models.ContainerSpec
        {
            Image = spec.Image,
            // Not the job's labels: the job's cleanup on the node removes every container that has them.
            Labels = new Dictionary<string, string> { [RunnerTasks.PortLabel] = spec.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Args = ["--port", spec.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--keys", "/run/secrets/" + RunnerServiceSpec.KeysFile,
                .. spec.NodeVolumes is { } volumes ? ["--volumes", RunnerServiceSpec.VolumesMount, "--node-volumes", volumes] : Array.Empty<string>()],
            Env = [$"CION_JOB={spec.JobId}", $"CION_OWNER={owner}"],
            // The node's engine, for the runner only: no step's container ever gets this socket.
            // Its volumes folder too, if the site allows: the runner fills and reads its job's volumes there.
            Mounts = [new global::Docker.DotNet.Models.Mount { Type = "bind", Source = NodeSocket, Target = NodeSocket },
                .. spec.NodeVolumes is { } folder ? [new global::Docker.DotNet.Models.Mount { Type = "bind", Source = folder, Target = RunnerServiceSpec.VolumesMount }] : Array.Empty<global::Docker.DotNet.Models.Mount>()],
            Secrets = [new SecretReference
            {
                SecretID = secretId, SecretName = SecretName(spec.JobId),
                File = new SecretReferenceFileTarget { Name = RunnerServiceSpec.KeysFile, UID = "0", GID = "0", Mode = Convert.ToUInt32("400", 8) },
            }],
            // The runner removes its job's containers when Swarm stops it (a drained node): give it the time.
            StopGracePeriod = TimeSpan.FromSeconds(30),
        }, spec.Constraints);
        var task = service.TaskTemplate!;
        // The node's network: Docker keeps bridge networks apart, and the runner must reach the job's.
        task.Networks = [new NetworkAttachmentConfig { Target = "host" }];
        task.Resources = new ResourceRequirements
        {
            Reservations = new SwarmResources
            {
                NanoCPUs = spec.ReserveCpus is { } cpus ? (long)(cpus * 1e9) : null,
                MemoryBytes = spec.ReserveMemory,
            },
        };
        return service;
    }

    public Task UpdateConstraintsAsync(string jobId, IReadOnlyList<string> constraints, CancellationToken ct) => DockerErrors.Refusing(async () =>
    {
        var service = await docker.Swarm.InspectServiceAsync(RunnerServiceSpec.ServiceName(jobId), ct);
        var spec = service.Spec!;
        spec.TaskTemplate!.Placement = new Placement { Constraints = [.. constraints] };
        spec.TaskTemplate.ForceUpdate++;
        await docker.Swarm.UpdateServiceAsync(service.ID!, new ServiceUpdateParameters { Service = spec, Version = (long)(service.Version?.Index ?? 0) }, ct);
    });

    public async Task<RunnerTask?> RunnerTaskAsync(string jobId, CancellationToken ct)
    {
        SwarmService service;
        try { service = await docker.Swarm.InspectServiceAsync(RunnerServiceSpec.ServiceName(jobId), ct); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return null; }
        var tasks = await docker.Tasks.ListAsync(new TasksListParameters { Filters = Filter("service", service.ID!) }, ct);
        // The node is asked for only once the task has one: placing asks here every 50 ms until then.
        return Describe(tasks, RunnerTasks.Newest(tasks)?.NodeID is { Length: > 0 } node ? await NodeByIdAsync(node, ct) : []);
    }

    /// <summary>The one node, by id; none when the swarm no longer knows it.</summary>
    private async Task<Dictionary<string, NodeListResponse>> NodeByIdAsync(string id, CancellationToken ct)
    {
        try { return new() { [id] = await docker.Swarm.InspectNodeAsync(id, ct) }; }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return []; }
    }

    public async Task<IReadOnlyDictionary<string, RunnerTask>> RunnerTasksAsync(CancellationToken ct)
    {
        // The engine refuses a task listing by a service removed since the services were listed: list them again.
        for (var attempt = 1; ; attempt++)
        {
            try { return await RunnerTasksOnceAsync(ct); }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound && attempt < 5) { }
        }
    }

    private async Task<IReadOnlyDictionary<string, RunnerTask>> RunnerTasksOnceAsync(CancellationToken ct)
    {
        var jobs = (await OurServicesAsync(ct))
            .Select(s => (s.ID, Job: s.Spec?.Labels is { } l && l.TryGetValue(Labels.Job, out var job) ? job : null))
            .Where(s => s.ID is not null && s.Job is not null).ToDictionary(s => s.ID!, s => s.Job!);
        if (jobs.Count == 0) return new Dictionary<string, RunnerTask>();
        var tasks = await docker.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = jobs.Keys.ToDictionary(id => id, _ => true) },
        }, ct);
        // The nodes are asked for only when a task has one: placing's shared reading runs every 50 ms while none has.
        var nodes = tasks.Any(t => t.NodeID is { Length: > 0 }) ? await NodesByIdAsync(ct) : [];
        var byService = tasks.Where(t => t.ServiceID is not null).ToLookup(t => t.ServiceID!);
        return jobs.ToDictionary(s => s.Value, s => Describe(byService[s.Key], nodes));
    }

    /// <summary>A runner service's state: its newest task, on the node Swarm put it on (if the node is still known).</summary>
    private static RunnerTask Describe(IEnumerable<TaskResponse> tasks, IReadOnlyDictionary<string, NodeListResponse> nodes) =>
        RunnerTasks.Newest(tasks) is { } task
            ? RunnerTasks.From(task, task.NodeID is { } node && nodes.TryGetValue(node, out var found) ? found : null)
            : RunnerTasks.NoTaskYet;

    private async Task<Dictionary<string, NodeListResponse>> NodesByIdAsync(CancellationToken ct) =>
        (await docker.Swarm.ListNodesAsync(ct)).Where(n => n.ID is not null).ToDictionary(n => n.ID);

    public async Task<IReadOnlySet<int>> RunnerPortsAsync(CancellationToken ct)
    {
        var services = await docker.Swarm.ListServicesAsync(new ServiceListParameters { Filters = Filter("label", RunnerTasks.PortLabel) }, ct);
        return services.Select(s => s.Spec?.Labels is { } l && l.TryGetValue(RunnerTasks.PortLabel, out var text) && int.TryParse(text, out var port) ? port : 0)
            .Where(port => port > 0).ToHashSet();
    }

    public async Task<IReadOnlyList<string>> RunnerJobsAsync(CancellationToken ct) =>
        [.. (await OurServicesAsync(ct)).Select(s => s.Spec?.Labels is { } l && l.TryGetValue(Labels.Job, out var job) ? job : null).OfType<string>()];

    public async Task<string?> RemoveRunnerAsync(string jobId)
    {
        using var deadline = deadlines.Start();
        var left = new List<string>();
        try { await docker.Swarm.RemoveServiceAsync(RunnerServiceSpec.ServiceName(jobId), deadline.Token); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException or HttpRequestException or IOException)
        {
            left.Add($"service {RunnerServiceSpec.ServiceName(jobId)} ({e.Message})");
        }
        // A secret in use by a service being removed is refused for a moment: a few tries within the deadline.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await docker.Secrets.DeleteAsync(SecretName(jobId), deadline.Token);
                break;
            }
            catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { break; }
            catch (DockerApiException) when (attempt < 20 && !deadline.IsCancellationRequested)
            {
                try { await Task.Delay(250, deadline.Token); } catch (OperationCanceledException) { }
            }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException or HttpRequestException or IOException)
            {
                left.Add($"secret {SecretName(jobId)} ({e.Message})");
                break;
            }
        }
        return left.Count == 0 ? null : string.Join(", ", left);
    }

    public async Task<IReadOnlyList<SwarmNode>> NodesAsync(CancellationToken ct) =>
        [.. (await docker.Swarm.ListNodesAsync(ct)).Select(n => new SwarmNode(n.ID, n.Description?.Hostname ?? n.ID, n.Status?.Addr ?? "",
            n.Spec?.Availability ?? "", n.Status?.State ?? "", (IReadOnlyDictionary<string, string>?)n.Spec?.Labels?.ToDictionary() ?? new Dictionary<string, string>(),
            n.ManagerStatus is not null))];

    public async Task<string?> TryImageAsync(string nodeId, string image, IReadOnlyList<string> command, string? folder, TimeSpan timeout, CancellationToken ct)
    {
        var labels = new Dictionary<string, string> { [Labels.Owner] = owner, ["cion.check"] = nodeId };
        var name = "cion-check-" + nodeId[..Math.Min(12, nodeId.Length)];
        try
        {
            var service = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters
            {
                Service = OneShot(name, labels, new global::Docker.DotNet.Models.ContainerSpec
                {
                    Image = image, Command = [.. command], Labels = labels,
                    Mounts = folder is null ? null : [new global::Docker.DotNet.Models.Mount { Type = "bind", Source = folder, Target = RunnerServiceSpec.VolumesMount, ReadOnly = true }],
                }, [$"node.id=={nodeId}"]),
            }, ct);
            var until = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < until)
            {
                var task = RunnerTasks.Newest(await docker.Tasks.ListAsync(new TasksListParameters { Filters = Filter("service", service.ID!) }, ct));
                var state = task?.Status?.State;
                if (state == TaskState.Complete) return null;
                if (state is TaskState.Failed or TaskState.Rejected or TaskState.Shutdown or TaskState.Orphaned)
                    return $"{state.ToString()!.ToLowerInvariant()}: {task!.Status!.Err ?? task.Status.Message}";
                await Task.Delay(250, ct);
            }
            return $"did not run to its end within {timeout.TotalSeconds:0} s";
        }
        catch (DockerApiException e) { return DockerErrors.Text(e); }
        finally
        {
            using var deadline = deadlines.Start();
            try { await docker.Swarm.RemoveServiceAsync(name, deadline.Token); }
            catch (Exception e) when (e is DockerApiException or OperationCanceledException or HttpRequestException or IOException) { }
        }
    }

    public void Dispose() => docker.Dispose();

    private async Task<IList<SwarmService>> OurServicesAsync(CancellationToken ct) =>
        await docker.Swarm.ListServicesAsync(new ServiceListParameters { Filters = Filter("label", $"{Labels.Owner}={owner}") }, ct);

    private Dictionary<string, string> OwnedLabels(string jobId) => new() { [Labels.Job] = jobId, [Labels.Owner] = owner };

    private static string SecretName(string jobId) => RunnerServiceSpec.ServiceName(jobId) + "-keys";

    private static Dictionary<string, IDictionary<string, bool>> Filter(string key, string value) =>
        new() { [key] = new Dictionary<string, bool> { [value] = true } };
}
