using System.Text.RegularExpressions;
using Cion.Core.Config;
using Cion.Tests.Support;

namespace Cion.Tests.Config;

/// <summary><c>runner</c> and <c>swarm</c>: jobs run as one-shot services on a Docker Swarm (issue 16).</summary>
public sealed class SwarmConfigTests
{
    private const string File = "/etc/cion/cion.yml";

    private static ServerConfig Parse(string text) => ServerConfigParser.Parse(text + "\n", File);

    [Test]
    public void Parse_GivesTheDocumentedSwarmDefaults_ForAnEmptyMap()
    {
        var config = Parse("{}");
        var swarm = config.Swarm;

        Assert.That(config.Runner, Is.EqualTo(RunnerKind.Local));
        Assert.That(swarm.Constraints, Is.EqualTo(new[] { "node.labels.cion==runner" }));
        Assert.That((swarm.MaxJobsPerNode, swarm.RetryLost, swarm.RunnerPort, swarm.PlaceTimeout), Is.EqualTo((2, false, 7700, TimeSpan.FromMinutes(10))));
        Assert.That((swarm.ReserveCpus, swarm.ReserveMemory), Is.EqualTo(((double?)null, (long?)null)));
        Assert.That(swarm.NodeVolumes, Is.EqualTo("/var/lib/docker/volumes"));
        Assert.That(swarm, Is.EqualTo(new SwarmSettings()), "settings left out compare equal to the defaults");
    }

    [Test]
    public void Parse_DefaultsTheRunnerImage_ToThisVersionOfCion_AsThePackageIsVersioned()
    {
        var props = System.IO.File.ReadAllText(Path.Combine(Binaries.RepoRoot, "Directory.Build.props"));
        var version = Regex.Match(props, "<Version>(.*)</Version>").Groups[1].Value;

        Assert.That(Parse("{}").Swarm.RunnerImage, Is.EqualTo($"cion/runner:{version}"));
    }

    [TestCase("runner: local", RunnerKind.Local)]
    [TestCase("runner: swarm", RunnerKind.Swarm)]
    [TestCase("runner: Swarm", RunnerKind.Swarm)]
    [TestCase("swarm: {max_jobs_per_node: 3}", RunnerKind.Local)]
    public void Parse_ReadsTheRunner(string text, RunnerKind runner) =>
        Assert.That(Parse(text).Runner, Is.EqualTo(runner));

    [Test]
    public void Parse_ReadsEverySwarmKey()
    {
        var swarm = Parse("""
            runner: swarm
            swarm:
              constraints: [node.labels.cion==runner, 'node.role != manager']
              max_jobs_per_node: 4
              retry_lost: true
              runner_image: registry.lan:5000/cion/runner:0.1.0
              runner_port: 9000
              node_volumes: /srv/docker/volumes/
              reserve: {cpus: 0.5, memory: 512M}
              place_timeout: 2m
            """).Swarm;

        Assert.That(swarm, Is.EqualTo(new SwarmSettings
        {
            Constraints = swarm.Constraints, MaxJobsPerNode = 4, RetryLost = true, RunnerImage = "registry.lan:5000/cion/runner:0.1.0",
            RunnerPort = 9000, NodeVolumes = "/srv/docker/volumes", ReserveCpus = 0.5, ReserveMemory = 512L << 20, PlaceTimeout = TimeSpan.FromMinutes(2),
        }));
        Assert.That(swarm.Constraints, Is.EqualTo(new[] { "node.labels.cion==runner", "node.role != manager" }));
    }

    [TestCase("swarm: {constraints: []}", new string[0])]
    [TestCase("swarm: {constraints: node.hostname!=ci}", new[] { "node.hostname!=ci" })]
    [TestCase("swarm:\n  constraints:\n    - node.labels.cion==runner\n    - engine.labels.disk==ssd", new[] { "node.labels.cion==runner", "engine.labels.disk==ssd" })]
    [TestCase("swarm: {constraints: ['node.platform.os == linux']}", new[] { "node.platform.os == linux" })]
    public void Parse_ReadsTheConstraints(string text, string[] constraints) =>
        Assert.That(Parse(text).Swarm.Constraints, Is.EqualTo(constraints));

    [TestCase("swarm: {node_volumes: none}", null)]
    [TestCase("swarm: {node_volumes: /var/lib/docker/volumes}", "/var/lib/docker/volumes")]
    [TestCase("swarm: {node_volumes: '/data/docker/volumes/'}", "/data/docker/volumes")]
    public void Parse_ReadsTheNodesVolumesFolder(string text, string? folder) =>
        Assert.That(Parse(text).Swarm.NodeVolumes, Is.EqualTo(folder));

    [TestCase("swarm: {reserve: {cpus: 2}}", 2.0, null)]
    [TestCase("swarm: {reserve: {cpus: 0.25}}", 0.25, null)]
    [TestCase("swarm: {reserve: {memory: 1G}}", null, 1L << 30)]
    [TestCase("swarm: {reserve: {}}", null, null)]
    public void Parse_ReadsTheReservation(string text, double? cpus, long? memory) =>
        Assert.That((Parse(text).Swarm.ReserveCpus, Parse(text).Swarm.ReserveMemory), Is.EqualTo((cpus, memory)));

    [TestCase("runner: cluster", "/etc/cion/cion.yml:1: runner: expected local or swarm, found 'cluster'")]
    [TestCase("runner: 1", "/etc/cion/cion.yml:1: runner: expected local or swarm, found '1'")]
    [TestCase("runner: [swarm]", "/etc/cion/cion.yml:1: runner: expected a string, found a list")]
    [TestCase("swarm: on", "/etc/cion/cion.yml:1: swarm: expected a map such as {constraints: [node.labels.cion==runner], max_jobs_per_node: 2}, found 'on'")]
    [TestCase("swarm:\n  constraint: node.role==worker", "/etc/cion/cion.yml:2: swarm.constraint: unknown key (known: constraints, max_jobs_per_node, retry_lost, runner_image, runner_port, node_volumes, reserve, place_timeout)")]
    [TestCase("swarm:\n  secrets: [a]", "/etc/cion/cion.yml:2: swarm.secrets: unknown key (known: constraints, max_jobs_per_node, retry_lost, runner_image, runner_port, node_volumes, reserve, place_timeout)")]
    [TestCase("swarm: {constraints: [node.labels.cion=runner]}", "/etc/cion/cion.yml:1: swarm.constraints[0]: 'node.labels.cion=runner' is not KEY==VALUE or KEY!=VALUE (such as node.labels.cion==runner or node.role!=manager)")]
    [TestCase("swarm: {constraints: ==runner}", "/etc/cion/cion.yml:1: swarm.constraints: '==runner' is not KEY==VALUE or KEY!=VALUE (such as node.labels.cion==runner or node.role!=manager)")]
    [TestCase("swarm: {constraints: 'node.role=='}", "/etc/cion/cion.yml:1: swarm.constraints: 'node.role==' is not KEY==VALUE or KEY!=VALUE (such as node.labels.cion==runner or node.role!=manager)")]
    [TestCase("swarm:\n  constraints:\n    - node.role==worker\n    - 'node labels==x'", "/etc/cion/cion.yml:4: swarm.constraints[1]: 'node labels' is not a constraint key: letters, digits, '.', '_' and '-', such as node.labels.cion")]
    [TestCase("swarm: {constraints: 'node.id!=a==b'}", "/etc/cion/cion.yml:1: swarm.constraints: 'node.id!=a==b' has more than one operator (such as node.labels.cion==runner or node.role!=manager)")]
    [TestCase("swarm: {constraints: [[a]]}", "/etc/cion/cion.yml:1: swarm.constraints[0]: expected a string, found a list")]
    [TestCase("swarm:\n  constraints:", "/etc/cion/cion.yml:2: swarm.constraints: expected a list of constraints such as [node.labels.cion==runner], found nothing")]
    [TestCase("swarm: {constraints: {node.role: worker}}", "/etc/cion/cion.yml:1: swarm.constraints: expected a list of constraints such as [node.labels.cion==runner], found a map")]
    [TestCase("swarm: {max_jobs_per_node: 0}", "/etc/cion/cion.yml:1: swarm.max_jobs_per_node: expected a whole number from 1 to 256, found '0'")]
    [TestCase("swarm: {retry_lost: once}", "/etc/cion/cion.yml:1: swarm.retry_lost: expected true or false, found 'once'")]
    [TestCase("swarm: {runner_image: Cion/Runner}", "/etc/cion/cion.yml:1: swarm.runner_image: 'Cion/Runner' is not an image reference (such as registry:5000/team/app:1.2)")]
    [TestCase("swarm: {runner_port: 70000}", "/etc/cion/cion.yml:1: swarm.runner_port: expected a whole number from 1 to 65535, found '70000'")]
    [TestCase("swarm: {runner_port: 0}", "/etc/cion/cion.yml:1: swarm.runner_port: expected a whole number from 1 to 65535, found '0'")]
    [TestCase("swarm: {node_volumes: var/lib/docker/volumes}", "/etc/cion/cion.yml:1: swarm.node_volumes: must be an absolute folder such as /var/lib/docker/volumes (where the nodes' engines keep volumes), or none; got 'var/lib/docker/volumes'")]
    [TestCase("swarm: {node_volumes: /var/lib/../../etc}", "/etc/cion/cion.yml:1: swarm.node_volumes: must be an absolute folder such as /var/lib/docker/volumes (where the nodes' engines keep volumes), or none; got '/var/lib/../../etc'")]
    [TestCase("swarm: {node_volumes: /}", "/etc/cion/cion.yml:1: swarm.node_volumes: must be an absolute folder such as /var/lib/docker/volumes (where the nodes' engines keep volumes), or none; got '/'")]
    [TestCase("swarm: {node_volumes: '/a,readonly'}", "/etc/cion/cion.yml:1: swarm.node_volumes: must be an absolute folder such as /var/lib/docker/volumes (where the nodes' engines keep volumes), or none; got '/a,readonly'")]
    [TestCase("swarm: {reserve: 1}", "/etc/cion/cion.yml:1: swarm.reserve: expected a map such as {cpus: 0.5, memory: 512M}, found '1'")]
    [TestCase("swarm: {reserve: {cpus: 0}}", "/etc/cion/cion.yml:1: swarm.reserve.cpus: expected a number of CPUs above 0, such as 0.5 or 2, found '0'")]
    [TestCase("swarm: {reserve: {cpus: -1}}", "/etc/cion/cion.yml:1: swarm.reserve.cpus: expected a number of CPUs above 0, such as 0.5 or 2, found '-1'")]
    [TestCase("swarm: {reserve: {cpus: half}}", "/etc/cion/cion.yml:1: swarm.reserve.cpus: expected a number of CPUs above 0, such as 0.5 or 2, found 'half'")]
    [TestCase("swarm:\n  reserve:\n    memory: lots", "/etc/cion/cion.yml:3: swarm.reserve.memory: expected a size such as 50M or 1G, found 'lots'")]
    [TestCase("swarm:\n  reserve:\n    disk: 1G", "/etc/cion/cion.yml:3: swarm.reserve.disk: unknown key (known: cpus, memory)")]
    [TestCase("swarm: {place_timeout: never}", "/etc/cion/cion.yml:1: swarm.place_timeout: expected a duration such as 30s, 10m or 1h (at most 720h), found 'never'")]
    [TestCase("swarms: {}", "/etc/cion/cion.yml:1: swarms: unknown key (known: spool, state, repos, docker, concurrency, log, dind, services, timeouts, wait_timeout, log_limit, secrets, keep, web, environments, notify, metrics, runner, swarm)")]
    public void Parse_NamesFileLineAndKey_OfABadSwarmSetting(string text, string error)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(text));

        Assert.That(e!.Errors.Select(x => x.ToString()), Does.Contain(error));
    }

    [TestCase("runner: swarm\ndind:\n  preload: [busybox]",
        "/etc/cion/cion.yml:3: dind.preload: not supported with runner: swarm (line 1): it copies images from this host's engine, which the Swarm nodes do not share; push the images to a registry every node can reach (see docs/swarm.md)")]
    [TestCase("dind:\n  warm: {max: 2}\nrunner: swarm",
        "/etc/cion/cion.yml:2: dind.warm.max: must be 0 with runner: swarm (line 3): warm engines wait on one host, and Swarm picks a node for each job; leave it out or set 0")]
    public void Parse_RefusesWhatTheSwarmRunnerCannotDo_NamingTheKeyAndWhy(string text, string error)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(text));

        Assert.That(e!.Errors.Select(x => x.ToString()), Is.EqualTo(new[] { error }));
    }

    [TestCase("runner: swarm", 0)]
    [TestCase("runner: swarm\ndind: {warm: {max: 0}, preload: []}", 0)]
    [TestCase("runner: swarm\ndind: {warm: off}", 0)]
    [TestCase("runner: swarm\ndind: {warm: {idle: 5m}}", 0)]
    [TestCase("runner: local\ndind: {warm: {max: 3}, preload: [busybox]}\nswarm: {max_jobs_per_node: 1}", 3)]
    [TestCase("dind: {warm: {max: 3}}", 3)]
    public void Parse_StartsNoWarmEngines_WithTheSwarmRunner(string text, int warm) =>
        Assert.That(Parse(text).DindWarmMax, Is.EqualTo(warm));

    [Test]
    public void Parse_RunsLocally_WithThePackagesConfig_AndReadsItsCommentedSwarmExample()
    {
        var packaged = System.IO.File.ReadAllText(Path.Combine(Binaries.RepoRoot, "packaging", "debian", "cion.yml"));
        var lines = packaged.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("# runner: swarm", StringComparison.Ordinal));
        var example = lines.Skip(start).TakeWhile(l => l.StartsWith("# runner", StringComparison.Ordinal) || l.StartsWith("# swarm", StringComparison.Ordinal) || l.StartsWith("#   ", StringComparison.Ordinal));

        var config = Parse(string.Join('\n', example.Select(l => l[2..])));

        Assert.That(ServerConfigParser.Parse(packaged, File).Runner, Is.EqualTo(RunnerKind.Local));
        Assert.That((config.Runner, config.Swarm.MaxJobsPerNode, config.Swarm.ReserveMemory), Is.EqualTo((RunnerKind.Swarm, 2, 512L << 20)));
        Assert.That(config.Swarm.Constraints, Is.EqualTo(new[] { "node.labels.cion==runner" }));
    }

    [TestCase("README.md")]
    [TestCase("docs/swarm.md")]
    public void Parse_ReadsTheSwarmExamples_OfTheDocs(string doc)
    {
        var text = System.IO.File.ReadAllText(Path.Combine(Binaries.RepoRoot, doc));
        var examples = Regex.Matches(text, "```yaml\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).Where(y => y.Contains("runner: swarm", StringComparison.Ordinal)).ToList();

        Assert.That(examples, Is.Not.Empty);
        Assert.That(examples.Select(y => Parse(y).Runner), Is.All.EqualTo(RunnerKind.Swarm));
    }
}
