using Cion.Core.Swarm;

namespace Cion.Tests.Support;

/// <summary>
/// A real cion-runner (the image scripts/build-runner-image.sh makes from the staged binary) on the host's
/// engine, not in a Swarm: the node's docker.sock bind-mounted, its keys file mounted where a Swarm secret
/// would be, its port published on loopback. Disposing removes it (its cleanup of the job is not waited for).
/// </summary>
public sealed class RunnerContainer : IDisposable
{
    public const string Image = "cion/runner:test";
    private const int Port = 7700;

    public string Name { get; }
    public string Job { get; }
    public string Owner { get; }
    /// <summary>ciond's keys for this runner's job.</summary>
    public RunnerKeys DaemonKeys { get; }
    /// <summary>The runner's own keys (as in its secret), for tests that act as a runner or steal its certificate.</summary>
    public RunnerKeys RunnerKeys { get; }
    public int HostPort { get; }
    private readonly TempDir _dir;

    private RunnerContainer(string job, string owner, RunnerOptions options)
    {
        (Job, Owner, Name) = (job, owner, $"cion-test-runner-{Guid.NewGuid():N}");
        (RunnerKeys, DaemonKeys) = Core.Swarm.RunnerKeys.Generate(job, DateTimeOffset.UtcNow);
        _dir = TempDir.Named(job, "runner");
        var keysFile = _dir.Combine("cion-keys");
        RunnerKeys.Save(keysFile);
        // On the host's network the runner listens on the host itself: a port of its own, free a moment ago.
        var port = options.HostNetwork ? FreePort() : Port;
        string[] network = options.HostNetwork ? ["--network", "host"] : ["-p", $"127.0.0.1::{Port}"];
        string[] labels = options.LabelledAsItsJob ? ["--label", $"cion.job={job}", "--label", $"cion.state={owner}"] : [];
        string[] volumes = options.NodeVolumes ? ["-v", $"{NodeVolumes}:{RunnerServiceSpec.VolumesMount}"] : [];
        string[] volumesArgs = options.NodeVolumes ? ["--volumes", RunnerServiceSpec.VolumesMount, "--node-volumes", NodeVolumes] : [];
        Shell.Check("docker", ["run", "-d", "--name", Name, "--label", $"cion.test.runner={TestRun.Id}", .. labels, .. network,
            "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", $"{keysFile}:/run/secrets/cion-keys:ro", .. volumes,
            "-e", $"CION_JOB={job}", "-e", $"CION_OWNER={owner}",
            Image, "--port", $"{port}", "--keys", "/run/secrets/cion-keys", .. volumesArgs]);
        HostPort = options.HostNetwork ? port : int.Parse(Shell.Check("docker", ["port", Name, $"{Port}/tcp"]).Stdout.Trim().Split(':')[^1]);
        Wait.Until(() => Logs().Contains("serving job"), "the runner to listen");
    }

    /// <param name="HostNetwork">On the host's network (as a Swarm service with <c>--network host</c>), which reaches every bridge network's containers; otherwise on the default bridge with its port published.</param>
    /// <param name="LabelledAsItsJob">The runner's own container carries its job's labels: its cleanup must spare itself.</param>
    /// <param name="NodeVolumes">The host engine's volumes folder mounted, as a Swarm runner gets its node's: it fills and reads its job's volumes itself.</param>
    public sealed record RunnerOptions(bool HostNetwork = false, bool LabelledAsItsJob = false, bool NodeVolumes = false);

    /// <summary>The host engine's volumes folder (this machine's engine keeps the default data root).</summary>
    public const string NodeVolumes = "/var/lib/docker/volumes";

    /// <summary>Builds the image if the staged binary changed, then starts a runner for <paramref name="job"/>.</summary>
    public static RunnerContainer Start(string job, string owner, RunnerOptions? options = null)
    {
        BuildImage();
        return new RunnerContainer(job, owner, options ?? new RunnerOptions());
    }

    /// <summary>Builds <see cref="Image"/> from the staged binary, unless it is built from that binary already.</summary>
    public static void BuildImage()
    {
        var build = Shell.Run(Path.Combine(Binaries.RepoRoot, "scripts", "build-runner-image.sh"), Image);
        if (build.ExitCode != 0) Assert.Fail($"cannot build {Image} (run 'make stage' first): {build.Output}");
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public NodeLink Link(RunnerKeys? keys = null, TimeSpan? aheadLife = null) =>
        NodeLink.Connect("127.0.0.1", HostPort, keys ?? DaemonKeys, aheadLife: aheadLife);

    public string Logs() => Shell.Run("docker", "logs", Name).Output;

    public void Dispose()
    {
        Shell.Run("docker", "rm", "-f", Name);
        DaemonKeys.Dispose();
        RunnerKeys.Dispose();
        _dir.Dispose();
    }
}
