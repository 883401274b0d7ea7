namespace Cion.Tests.Support;

/// <summary>
/// The real multi-node Docker Swarm of issue 16's tests: a drained manager and two active workers
/// labelled <c>cion=runner</c>, each a Docker-in-Docker container on this machine
/// (scripts/swarm-up.sh), so the host's engine never enters swarm mode. One swarm serves every test
/// of the run: started on first use, removed once by <c>AssemblySetup</c> at the end (kept when
/// CION_KEEP_SWARM=1, so that the next run starts in seconds).
/// </summary>
/// <remarks>
/// Thread-safe: starting, restoring and loading images run one at a time. Node names are the node
/// containers' names, which are also their hostnames, the names Swarm reports (a job's <c>node=</c>).
/// Another run on this machine (another worktree) shares the same swarm: a test that kills or drains
/// a node affects it too.
/// </remarks>
public sealed class SwarmCluster
{
    public const string Manager = "cion-swarm-manager";
    public const int WorkerCount = 2;
    /// <summary>cion's runner image, which issue 16's runner tests build: loaded into the workers when the host has it.</summary>
    public const string RunnerImage = "cion/runner:test";
    /// <summary>swarm-up.sh waits this long at the most (a little less than <see cref="Shell.Run"/>'s own limit).</summary>
    private const int UpTimeoutSeconds = 110;

    /// <summary>Images every worker holds (the nodes reach no registry). Add what a new test needs.</summary>
    public static readonly List<string> Images = [TestImages.Busybox, TestImages.DockerCli, TestImages.Dind];
    /// <summary>Images loaded too when the host has them; a missing one is no error.</summary>
    public static readonly List<string> ImagesIfBuilt = [RunnerImage];

    /// <summary>Every run using the swarm holds a shared lock on it; the last one to end removes the swarm.</summary>
    private const string UsersLock = "/tmp/cion-swarm.users";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SwarmCluster? _shared;
    private static FileStream? _use;

    private SwarmCluster(string managerEndpoint) => ManagerEndpoint = managerEndpoint;

    /// <summary>Where ciond reaches the manager's engine: <c>tcp://IP:2375</c>, no TLS.</summary>
    public string ManagerEndpoint { get; private set; }

    /// <summary>The workers' names: container names, hostnames and Swarm's node names alike.</summary>
    public IReadOnlyList<string> Workers { get; } = [.. Enumerable.Range(1, WorkerCount).Select(i => $"cion-swarm-worker{i}")];

    /// <summary>The run's swarm, started (or found healthy and reused) on first use.</summary>
    public static SwarmCluster Shared => StartAsync().GetAwaiter().GetResult();

    public static async Task<SwarmCluster> StartAsync()
    {
        if (Volatile.Read(ref _shared) is { } started) return started;
        await Gate.WaitAsync();
        try
        {
            // .NET takes flock(LOCK_SH) for a file opened to share, LOCK_EX for FileShare.None (see TearDownShared).
            _use ??= new FileStream(UsersLock, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
            return _shared ??= new SwarmCluster(Up());
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Back to the healthy shape: every worker running, joined, ready, active and labelled, the
    /// dead nodes' entries gone, the images loaded. A killed worker comes back as a new node of the same name.</summary>
    public Task RestoreAsync() => Locked(() => ManagerEndpoint = Up());

    /// <summary>Loads more images into every worker (only those it lacks or holds stale) and keeps them on restore.</summary>
    public Task LoadImagesAsync(params string[] images) => Locked(() =>
    {
        foreach (var image in images.Where(i => !Images.Contains(i))) Images.Add(image);
        ManagerEndpoint = Up();
    });

    /// <summary>Stops the worker's container at once (SIGKILL), as a machine that dies: the manager marks it down some seconds later.</summary>
    public Task KillWorkerAsync(string worker) => Task.Run(() =>
    {
        if (!Workers.Contains(worker)) throw new ArgumentException($"{worker} is not one of the workers: {string.Join(", ", Workers)}");
        Shell.Check("docker", ["kill", worker]);
    });

    public Task DrainAsync(string node) => Task.Run(() => Check(Manager, "node", "update", "--availability", "drain", node));

    public Task ActivateAsync(string node) => Task.Run(() => Check(Manager, "node", "update", "--availability", "active", node));

    /// <summary>A docker command against a node's own engine (its TCP socket, as ciond would reach the manager's).</summary>
    public Shell.Result Docker(string node, params string[] args) => Shell.Run("docker", ["-H", Endpoint(node), .. args]);

    /// <summary><see cref="Docker"/> that must succeed; returns its stdout.</summary>
    public string Check(string node, params string[] args) => Shell.Check("docker", ["-H", Endpoint(node), .. args]).Stdout;

    /// <summary>Every node, as the manager sees it now.</summary>
    public IReadOnlyList<SwarmNode> Nodes()
    {
        var ids = Check(Manager, "node", "ls", "-q").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. Check(Manager, ["node", "inspect", "-f", SwarmNode.Format, .. ids])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SwarmNode.Parse)];
    }

    /// <summary>The names of every container on the node's engine, running or not: after a job, nothing should be left.</summary>
    public IReadOnlyList<string> NodeContainers(string node) =>
        Check(node, "ps", "-a", "--format", "{{.Names}}").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The node container's address on the swarm's network (the manager's is in <see cref="ManagerEndpoint"/>).</summary>
    public static string Address(string node) =>
        Shell.Check("docker", ["inspect", "-f", "{{(index .NetworkSettings.Networks \"cion-swarm\").IPAddress}}", node]).Stdout.Trim();

    /// <summary>Where the nodes reach the host's registry (scripts/ensure-registry.sh: port 5000 on every host
    /// address), at the swarm network's gateway; their engines trust it without TLS. The host pushes to 127.0.0.1:5000.</summary>
    public static string RegistryAddress =>
        Shell.Check("docker", ["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}}", "cion-swarm"]).Stdout.Trim() + ":5000";

    /// <summary>Removes the swarm if this run used it and no other run on this machine still does, unless
    /// CION_KEEP_SWARM=1 (AssemblySetup calls this once, at the end).</summary>
    public static void TearDownShared()
    {
        if (_shared is null) return;
        _use?.Dispose();
        _use = null;
        _shared = null;
        if (Environment.GetEnvironmentVariable("CION_KEEP_SWARM") == "1") return;
        try
        {
            using var last = new FileStream(UsersLock, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None);
            Shell.Run("bash", Script("swarm-down.sh"));
        }
        catch (IOException)
        {
            // Another run (another worktree's tests) holds its shared lock: it is still using the swarm.
        }
    }

    private static string Endpoint(string node) => $"tcp://{Address(node)}:2375";

    private async Task Locked(Action action)
    {
        await Gate.WaitAsync();
        try
        {
            await Task.Run(action);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs swarm-up.sh; returns the manager's endpoint, its last line.</summary>
    private static string Up()
    {
        var images = Images.Concat(ImagesIfBuilt.Where(i => Shell.Run("docker", "image", "inspect", i).ExitCode == 0));
        var up = Shell.Run("bash", [Script("swarm-up.sh"), WorkerCount.ToString(), .. images],
            env: new Dictionary<string, string?> { ["CION_SWARM_TIMEOUT"] = UpTimeoutSeconds.ToString() });
        if (up.ExitCode != 0) throw new InvalidOperationException($"scripts/swarm-up.sh exited {up.ExitCode}:\n{up.Output}");
        return up.Stdout.TrimEnd().Split('\n')[^1];
    }

    private static string Script(string name) => Path.Combine(Binaries.RepoRoot, "scripts", name);
}
