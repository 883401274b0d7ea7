using System.Net.Sockets;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// The test swarm itself (scripts/swarm-up.sh through <see cref="SwarmCluster"/>): what issue 16's
/// runner needs of it, checked with the plain docker client against the manager, so that a failing
/// runner test can be told apart from a broken swarm.
/// </summary>
[Category("Swarm")]
public sealed class SwarmClusterTests
{
    private const string ProbeLabel = "cion.test=swarm-probe";
    private SwarmCluster _swarm = null!;
    private readonly List<string> _services = [];

    [OneTimeSetUp]
    public async Task StartSwarm() => _swarm = await SwarmCluster.StartAsync();

    [TearDown]
    public void RemoveServices()
    {
        foreach (var service in _services)
        {
            _swarm.Docker(SwarmCluster.Manager, "service", "rm", service);
            RemoveTaskContainers(service);
        }
        _services.Clear();
    }

    [Test]
    public void Swarm_HasADrainedManagerAndTwoReadyActiveRunners_WhenStarted()
    {
        var nodes = _swarm.Nodes();
        var manager = nodes.Single(n => n.Role == "manager");
        Assert.That(manager.Hostname, Is.EqualTo(SwarmCluster.Manager));
        Assert.That(manager.Availability, Is.EqualTo("drain"), "the manager runs no job");
        Assert.That(manager.IsRunner, Is.False);
        var workers = nodes.Where(n => n.Role == "worker").ToList();
        Assert.That(workers.Select(n => n.Hostname), Is.EquivalentTo(_swarm.Workers));
        Assert.That(workers, Has.All.Matches<SwarmNode>(n => n.State == "ready" && n.Availability == "active" && n.IsRunner),
            string.Join("\n", nodes));
        Assert.That(_swarm.ManagerEndpoint, Is.EqualTo($"tcp://{SwarmCluster.Address(SwarmCluster.Manager)}:2375"));
    }

    [Test]
    public void ReplicatedJob_CompletesOnAWorker_AndItsLogSaysHi()
    {
        var service = CreateService(["--mode", "replicated-job", "--restart-condition", "none"], TestImages.Busybox, "echo", "hi");

        var (state, node) = WaitForTaskEnd(service);

        Assert.That(state, Is.EqualTo("Complete"));
        Assert.That(_swarm.Workers, Does.Contain(node));
        Assert.That(_swarm.Check(SwarmCluster.Manager, "service", "logs", "--raw", service), Is.EqualTo("hi\n"));
    }

    [Test]
    public void TaskWithItsNodesSocket_RunsAContainerOnItsNode_AndLeavesNothingThere()
    {
        var before = _swarm.Workers.ToDictionary(w => w, _swarm.NodeContainers);
        // A replicated service, not a replicated-job: on this engine (20.10) removing a replicated-job
        // service leaves its task's container on the node (moby/moby#44312, fixed in 24.0).
        var service = CreateService(
            ["--mode", "replicated", "--replicas", "1", "--restart-condition", "none",
             "--mount", "type=bind,src=/var/run/docker.sock,dst=/var/run/docker.sock"],
            TestImages.DockerCli, "sh", "-c", $"docker run --rm {TestImages.Busybox} echo nested && docker info -f 'engine={{{{.Name}}}}'");

        var (state, node) = WaitForTaskEnd(service);

        var log = _swarm.Check(SwarmCluster.Manager, "service", "logs", "--raw", service);
        Assert.That(state, Is.EqualTo("Complete"), log);
        Assert.That(log, Is.EqualTo($"nested\nengine={node}\n"), "the task drove the engine of the node it ran on");
        _swarm.Check(SwarmCluster.Manager, "service", "rm", service);
        Wait.Until(() => !_swarm.NodeContainers(node).Except(before[node]).Any(), $"{node} to have no container left after the service went");
    }

    [Test]
    public void PerJobEngine_StartedThroughAWorkersSocket_RunsContainers()
    {
        var worker = _swarm.Workers[0];
        var engine = $"cion-test-swarm-engine-{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            // The capabilities profile, as cion starts a per-job engine where privileged containers are refused.
            _swarm.Check(worker, "run", "-d", "--name", engine, "--label", ProbeLabel,
                "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE", "--security-opt", "seccomp=unconfined",
                "--security-opt", "apparmor=unconfined", "--security-opt", "systempaths=unconfined",
                "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", "--device-cgroup-rule", "a *:* rwm", "--tmpfs", "/var/lib/docker:exec",
                TestImages.Dind, "dockerd", "--host=unix:///var/run/docker.sock", "--tls=false");
            Wait.Until(() => _swarm.Docker(worker, "exec", engine, "docker", "version").ExitCode == 0, $"the engine in {engine} on {worker}");
            // The engine starts empty: the node's own docker client hands it the node's busybox.
            var run = Shell.Run("docker", "exec", worker, "sh", "-c",
                $"docker save {TestImages.Busybox} | docker exec -i {engine} docker load -q && docker exec {engine} docker run --rm {TestImages.Busybox} echo three deep");
            Assert.That(run.Stdout, Does.EndWith("three deep\n"), run.Output);
        }
        finally
        {
            _swarm.Docker(worker, "rm", "-f", "-v", engine);
        }
    }

    [Test]
    public void HostModePort_WithNoPublishedPortGiven_IsReachableFromTheHostAtTheWorkersAddress()
    {
        var service = CreateService(["--publish", "mode=host,target=7700"], TestImages.Busybox,
            "sh", "-c", "mkdir /www && echo swarm-port-ok > /www/index.html && exec httpd -f -p 7700 -h /www");

        var task = Wait.Until(() => RunningTask(service), $"{service}'s task to run");
        var (nodeId, port) = (task[0], int.Parse(task[1]));
        var address = _swarm.Nodes().Single(n => n.Id == nodeId).Address;
        TestContext.Out.WriteLine($"host mode, no published port given: Swarm published {address}:{port} (target 7700)");

        Assert.That(port, Is.Not.EqualTo(7700).And.GreaterThan(0), "Swarm picked a port of its own");
        var page = Wait.Until(() => HttpGet(address, port), $"{address}:{port} to answer");
        Assert.That(page, Does.EndWith("\r\n\r\nswarm-port-ok\n"));
    }

    [Test]
    public void Worker_PullsFromTheHostsRegistry_AtRegistryAddress()
    {
        var path = $"cion-test/swarm-pull:{Guid.NewGuid().ToString("N")[..8]}";
        var pushed = $"127.0.0.1:5000/{path}";
        Shell.Check("docker", ["tag", TestImages.Busybox, pushed]);
        try
        {
            var push = Shell.Run("docker", "push", pushed);
            if (push.ExitCode != 0) Assert.Fail($"no registry at 127.0.0.1:5000 (run scripts/ensure-registry.sh): {push.Output}");
            var worker = _swarm.Workers[0];
            var pulled = $"{SwarmCluster.RegistryAddress}/{path}";

            var pull = _swarm.Docker(worker, "pull", pulled);

            Assert.That(pull.ExitCode, Is.Zero, pull.Output);
            Assert.That(_swarm.Check(worker, "image", "inspect", "-f", "{{.Id}}", pulled),
                Is.EqualTo(Shell.Check("docker", ["image", "inspect", "-f", "{{.Id}}", TestImages.Busybox]).Stdout));
            _swarm.Docker(worker, "rmi", pulled);
        }
        finally
        {
            Shell.Run("docker", "rmi", pushed);
        }
    }

    [Test]
    public async Task KilledWorker_IsBackReadyAndActive_AfterRestore()
    {
        var victim = _swarm.Workers[^1];
        var before = _swarm.Nodes().Single(n => n.Hostname == victim).Id;
        await _swarm.KillWorkerAsync(victim);
        Wait.Until(() => _swarm.Nodes().Single(n => n.Id == before).State == "down", $"the manager to see {victim} down");

        await _swarm.RestoreAsync();

        var workers = _swarm.Nodes().Where(n => n.Role == "worker").ToList();
        Assert.That(workers.Select(n => n.Hostname), Is.EquivalentTo(_swarm.Workers), "one entry a worker: the dead one is forgotten");
        Assert.That(workers, Has.All.Matches<SwarmNode>(n => n.State == "ready" && n.Availability == "active" && n.IsRunner));
        Assert.That(workers.Select(n => n.Id), Does.Not.Contain(before), "the killed worker came back as a new node");
        Assert.That(_swarm.Docker(victim, "image", "inspect", TestImages.Busybox).ExitCode, Is.Zero, "its images are loaded again");
    }

    [Test]
    public async Task DrainedWorker_GetsNoNewTask_UntilActivated()
    {
        var (drained, other) = (_swarm.Workers[0], _swarm.Workers[1]);
        await _swarm.DrainAsync(drained);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var service = CreateService(["--mode", "replicated-job", "--restart-condition", "none"], TestImages.Busybox, "true");
                Assert.That(WaitForTaskEnd(service).Node, Is.EqualTo(other));
            }
        }
        finally
        {
            await _swarm.ActivateAsync(drained);
        }
        Assert.That(_swarm.Nodes().Single(n => n.Hostname == drained).Availability, Is.EqualTo("active"));
    }

    /// <summary>What moby/moby#44312 leaves on the node when a replicated-job service is removed: its task's
    /// container, found by the label Swarm gives every task container.</summary>
    private void RemoveTaskContainers(string service)
    {
        foreach (var worker in _swarm.Workers)
        {
            var ids = _swarm.Check(worker, "ps", "-aq", "--filter", $"label=com.docker.swarm.service.name={service}");
            foreach (var id in ids.Split('\n', StringSplitOptions.RemoveEmptyEntries)) _swarm.Docker(worker, "rm", "-f", id);
        }
    }

    [Test]
    public async Task RunningReplicatedTask_IsShutDown_WhenItsNodeIsDrained()
    {
        // A replicated-job's running task is left running by a drain on this engine (20.10); a replicated
        // service's is stopped, and with restart condition none it is not started again elsewhere.
        var service = CreateService(["--mode", "replicated", "--replicas", "1", "--restart-condition", "none", "--stop-grace-period", "1s"],
            TestImages.Busybox, "sleep", "300");
        var node = Wait.Until(() => TaskLines(service).FirstOrDefault(l => l.StartsWith("Running\t"))?.Split('\t')[1], $"{service}'s task to run");
        await _swarm.DrainAsync(node);
        try
        {
            var ended = Wait.Until(() => TaskLines(service).FirstOrDefault(l => l.StartsWith("Shutdown\t")), $"{service}'s task on the drained {node} to stop");
            Assert.That(ended, Is.EqualTo($"Shutdown\t{node}"));
            Assert.That(TaskLines(service), Has.Count.EqualTo(1), "no task started in its place");
        }
        finally
        {
            await _swarm.ActivateAsync(node);
        }
    }

    /// <summary>Each task's current state (its first word) and node, newest first.</summary>
    private IReadOnlyList<string> TaskLines(string service) =>
        [.. _swarm.Check(SwarmCluster.Manager, "service", "ps", "--format", "{{.CurrentState}}\t{{.Node}}", service)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0] + "\t" + l.Split('\t')[1])];

    private string CreateService(string[] options, string image, params string[] command)
    {
        var name = $"cion-test-swarm-{Guid.NewGuid().ToString("N")[..8]}";
        _services.Add(name);
        // --no-resolve-image: the nodes reach no registry, so the image is the one each worker holds.
        _swarm.Check(SwarmCluster.Manager, ["service", "create", "-d", "--name", name, "--label", ProbeLabel, "--no-resolve-image",
            "--constraint", "node.labels.cion==runner", .. options, image, .. command]);
        return name;
    }

    /// <summary>The task's final state (Complete, Failed, Rejected) and the hostname of its node.</summary>
    private (string State, string Node) WaitForTaskEnd(string service)
    {
        var line = Wait.Until(() => TaskLines(service).FirstOrDefault(l => l.Split('\t')[0] is "Complete" or "Failed" or "Rejected"),
            $"{service}'s task to end");
        var fields = line.Split('\t');
        return (fields[0], fields[1]);
    }

    /// <summary>The running task's node ID and published port, or null while it has none.</summary>
    private string[]? RunningTask(string service)
    {
        var tasks = _swarm.Check(SwarmCluster.Manager, "service", "ps", "-q", "--filter", "desired-state=running", service).Trim();
        if (tasks.Length == 0) return null;
        var fields = _swarm.Check(SwarmCluster.Manager, "inspect", "-f",
            "{{.Status.State}}\t{{.NodeID}}\t{{range .Status.PortStatus.Ports}}{{.PublishedPort}}{{end}}", tasks.Split('\n')[0]).Trim().Split('\t');
        return fields is ["running", _, { Length: > 0 }] ? fields[1..] : null;
    }

    private static string? HttpGet(string address, int port)
    {
        try
        {
            using var client = new TcpClient(address, port);
            using var stream = client.GetStream();
            stream.Write("GET / HTTP/1.0\r\n\r\n"u8);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
