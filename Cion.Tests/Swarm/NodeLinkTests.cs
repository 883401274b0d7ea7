using System.Security.Authentication;
using System.Text;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Swarm;
using Cion.Tests.Support;

namespace Cion.Tests.Swarm;

/// <summary>ciond's end against a real cion-runner container on the host's engine (standing in for a Swarm node).</summary>
[Category("Docker")]
public sealed class NodeLinkTests
{
    private static readonly string Owner = $"/tests/{TestRun.Id}/NodeLinkTests";
    private RunnerContainer _runner = null!;

    [OneTimeSetUp]
    public void StartRunner()
    {
        TestImages.RequirePresent();
        _runner = RunnerContainer.Start($"link-{Guid.NewGuid():N}"[..13], Owner);
    }

    [OneTimeTearDown]
    public void StopRunner() => _runner.Dispose();

    [TearDown]
    public void RemoveLeftovers() => DockerLeftovers.RemoveAll();

    [Test]
    public async Task ServeDockerSocketAsync_LetsDockerEngineRunAContainerOnTheNode_AndFollowItsLog()
    {
        // A unix socket's path has at most 108 bytes: a short folder, not one named after the test.
        using var dir = TempDir.Named("sock", "link");
        var socket = dir.Combine("node.sock");
        var link = _runner.Link();
        await using (link)
        {
            var endpoint = await link.ServeDockerSocketAsync(socket, CancellationToken.None);
            Assert.That(File.GetUnixFileMode(socket), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            using var engine = DockerEngine.Connect(endpoint, Owner);
            using var output = new MemoryStream();

            var exit = await engine.RunAsync(new ContainerSpec
            {
                Name = $"cion-{_runner.Job}-build", Image = TestImages.Busybox, Env = new Dictionary<string, string>(),
                Cmd = ["sh", "-c", "echo one; sleep 1; echo two; exit 3"], Mounts = [],
                Labels = new Dictionary<string, string> { [Labels.Job] = _runner.Job },
            }, output, CancellationToken.None);

            Assert.That(exit, Is.EqualTo(3));
            Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("one\ntwo\n"));
            Assert.That(await engine.FindAsync($"cion-{_runner.Job}-build", CancellationToken.None), Is.Null, "removed after its run");
            Assert.That(await engine.NetworkExistsAsync("bridge", CancellationToken.None), Is.True);
        }
        Assert.That(File.Exists(socket), Is.False, "disposing the link removes its socket");
    }

    [Test]
    public async Task ConnectThrough_RunsAContainerOnTheNode_ReusingItsConnections()
    {
        using var dir = TempDir.Named("sock", "link");
        await using var link = _runner.Link();
        var socket = await link.ServeDockerSocketAsync(dir.Combine("node.sock"), CancellationToken.None);
        using var engine = DockerEngine.ConnectThrough(link.OpenDockerAsync, socket, Owner, null, AddressConnector.Direct, copiedMounts: false);
        var before = Connections();
        using var output = new MemoryStream();

        var exit = await engine.RunAsync(new ContainerSpec
        {
            Name = $"cion-{_runner.Job}-reuse", Image = TestImages.Busybox, Env = new Dictionary<string, string>(),
            Cmd = ["sh", "-c", "echo reused"], Mounts = [], Labels = new Dictionary<string, string> { [Labels.Job] = _runner.Job },
        }, output, CancellationToken.None);
        for (var i = 0; i < 10; i++) Assert.That(await engine.NetworkExistsAsync("bridge", CancellationToken.None), Is.True);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("reused\n"));
        // create, start, logs, wait, inspect, remove and ten more calls: far fewer connections than calls.
        Assert.That(Connections() - before, Is.InRange(1, 4), _runner.Logs());
    }

    [Test]
    public async Task DisposingTheLink_CutsTheConnectionsItOpened_SoAWaitOnTheNodeEnds()
    {
        using var dir = TempDir.Named("sock", "link");
        var link = _runner.Link();
        var socket = await link.ServeDockerSocketAsync(dir.Combine("node.sock"), CancellationToken.None);
        using var engine = DockerEngine.ConnectThrough(link.OpenDockerAsync, socket, Owner, null, AddressConnector.Direct, copiedMounts: false);
        var id = await engine.StartDetachedAsync(new ContainerSpec
        {
            Name = $"cion-{_runner.Job}-cut", Image = TestImages.Busybox, Env = new Dictionary<string, string>(),
            Cmd = ["sleep", "60"], Mounts = [], Labels = new Dictionary<string, string> { [Labels.Job] = _runner.Job },
        }, CancellationToken.None);
        var following = engine.FollowToEndAsync(id, Stream.Null, 0, CancellationToken.None);
        await Task.Delay(500);

        await link.DisposeAsync();

        Assert.That(async () => await following.WaitAsync(TimeSpan.FromSeconds(20)), Throws.Exception.Not.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task AConnectionOpenedAhead_IsHandedOutWithoutANewOne_ButAProbeAlwaysOpensItsOwn()
    {
        await using var link = _runner.Link();
        var before = Connections();

        await link.OpenAheadAsync(CancellationToken.None);
        // A connection to the node's engine, ready: Docker answers on it.
        await using (var ahead = await link.OpenDockerAsync(CancellationToken.None)) await AssertDockerAnswersAsync(ahead);
        // A probe asks whether the runner answers now: never a connection made earlier.
        await link.OpenAheadAsync(CancellationToken.None);
        await link.ProbeAsync(CancellationToken.None);
        await using (await link.OpenDockerAsync(CancellationToken.None)) { }
        await using (await link.OpenDockerAsync(CancellationToken.None)) { }

        // Two opened ahead (both handed out), the probe's, and one new when none was left.
        Wait.Until(() => Connections() - before >= 4, "the runner's log of four connections", TimeSpan.FromSeconds(10));
        Assert.That(Connections() - before, Is.EqualTo(4), _runner.Logs());
    }

    [Test]
    public async Task AConnectionOpenedAhead_IsNotHandedOutPastItsLife_ButClosed_AndANewOneOpened()
    {
        // An engine closes a connection that sends no request for a while: one kept past the link's ahead life is not trusted.
        await using var link = _runner.Link(aheadLife: TimeSpan.Zero);
        var (before, unusedBefore) = (Connections(), Unused());

        await link.OpenAheadAsync(CancellationToken.None);
        await using (var handed = await link.OpenDockerAsync(CancellationToken.None)) await AssertDockerAnswersAsync(handed);

        // The one opened ahead, closed unused, and the new one handed out instead.
        Wait.Until(() => Unused() - unusedBefore >= 1, "the runner's log of the connection closed unused", TimeSpan.FromSeconds(10));
        Assert.That(Connections() - before, Is.EqualTo(1), _runner.Logs());
        Assert.That(Unused() - unusedBefore, Is.EqualTo(1), _runner.Logs());
    }

    [Test]
    public async Task AConnectionOpenedAhead_CarriesWhateverIsAskedFirst_AFillingToo()
    {
        await using var link = _runner.Link();
        var before = _runner.Logs().Length;

        await link.OpenAheadAsync(CancellationToken.None);
        using var folder = TempDir.ForCaller();
        // Not a volume of the runner's job: refused before a byte moves, which is all this needs the runner to say.
        var filled = await link.FillVolumeAsync($"cion-{_runner.Job}-copy-none", folder.Path, CancellationToken.None);

        Assert.That(filled, Is.False, "refused: ciond would go through the engine");
        var log = _runner.Logs()[before..];
        Assert.That(log.Split('\n').Count(l => l.Contains(": fill ", StringComparison.Ordinal)), Is.EqualTo(1), log);
        Assert.That(log, Does.Not.Contain("closed unused").And.Not.Contain(": docker: ok"), "no other connection was opened: " + log);
    }

    /// <summary>Docker answers a ping on the connection.</summary>
    private static async Task AssertDockerAnswersAsync(Stream connection)
    {
        await connection.WriteAsync("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n"u8.ToArray());
        var answer = new byte[12];
        await connection.ReadExactlyAsync(answer);
        Assert.That(Encoding.ASCII.GetString(answer), Is.EqualTo("HTTP/1.1 200"));
    }

    /// <summary>The runner's log has a line per connection it served to the engine.</summary>
    private int Connections() => _runner.Logs().Split('\n').Count(l => l.Contains(": docker: ok", StringComparison.OrdinalIgnoreCase));

    /// <summary>The runner's log has a line per connection closed before it carried any request.</summary>
    private int Unused() => _runner.Logs().Split('\n').Count(l => l.EndsWith(": closed unused", StringComparison.Ordinal));

    [Test]
    public async Task ServeDockerSocketAsync_AnswersItsOwner_ButNoOtherUser()
    {
        using var dir = TempDir.Named("sock", "link");
        var socket = dir.Combine("node.sock");
        using var stranger = SystemUser.Create("cion-test-link");
        await using var link = _runner.Link();
        await link.ServeDockerSocketAsync(socket, CancellationToken.None);
        string[] ping = ["curl", "-sS", "--max-time", "30", "--unix-socket", socket, "http://node/_ping"];

        var owners = Shell.Run("curl", ping[1..]);
        var strangers = Shell.Run("runuser", ["-u", stranger.Name, "--", .. ping]);

        Assert.That(owners.Stdout, Is.EqualTo("OK"), owners.Output);
        Assert.That(strangers.ExitCode, Is.EqualTo(7), "curl: could not connect; " + strangers.Output);
        Assert.That(strangers.Stdout, Is.Empty);
    }

    [Test]
    public async Task AddressConnector_ReachesAContainerOfTheJob_ThroughOpenTcpAsync()
    {
        var address = JobContainers.Address(JobContainers.StartWebServer(_runner.Job, Owner, "hello-from-the-job"));
        await using var link = _runner.Link();
        using var http = new AddressConnector(link.OpenTcpAsync).HttpClient();

        // httpd needs a moment to listen: the runner answers, then the connection is refused or reset until it does.
        var body = Wait.Until(() => TryGet(http, $"http://{address}:8080/index.html"), "the job's web server to answer");

        Assert.That(body, Is.EqualTo("hello-from-the-job\n"));
    }

    /// <summary>
    /// A job's containers live on its own network, which Docker isolates from the default bridge: only a runner on
    /// the node's own network (a Swarm service with <c>--network host</c>) reaches them.
    /// </summary>
    [Test]
    public async Task AddressConnector_ReachesAContainerOnTheJobsOwnNetwork_ThroughARunnerOnTheHostNetwork()
    {
        using var runner = RunnerContainer.Start($"host-{Guid.NewGuid():N}"[..13], Owner, new RunnerContainer.RunnerOptions(HostNetwork: true));
        var network = Labels.NetworkName(runner.Job);
        Shell.Check("docker", ["network", "create", "--label", $"cion.job={runner.Job}", "--label", $"cion.state={Owner}", network]);
        var address = JobContainers.Address(JobContainers.StartWebServer(runner.Job, Owner, "on-the-job-network", network), network);
        await using var link = runner.Link();
        using var http = new AddressConnector(link.OpenTcpAsync).HttpClient();

        var body = Wait.Until(() => TryGet(http, $"http://{address}:8080/index.html"), "the job's web server to answer");

        Assert.That(body, Is.EqualTo("on-the-job-network\n"));
        // On the host's network, loopback is the node's own: still no container of the job.
        Assert.ThrowsAsync<LinkRefusedException>(() => link.OpenTcpAsync("127.0.0.1", runner.HostPort, CancellationToken.None));
    }

    [Test]
    public async Task OpenTcpAsync_IsRefused_ForAContainerOfAnotherJob()
    {
        var address = JobContainers.Address(JobContainers.StartWebServer("another-job", Owner, "not-yours"));
        await using var link = _runner.Link();

        var refused = Assert.ThrowsAsync<LinkRefusedException>(() => link.OpenTcpAsync(address, 8080, CancellationToken.None));

        Assert.That(refused!.Reason, Is.EqualTo($"{address} is not a container of job {_runner.Job} on this node"));
    }

    [Test]
    public async Task OpenTcpAsync_IsRefused_ForTheJobsLabelUnderAnotherOwner()
    {
        var address = JobContainers.Address(JobContainers.StartWebServer(_runner.Job, $"/tests/{TestRun.Id}/another-daemon", "not-yours"));
        await using var link = _runner.Link();

        Assert.ThrowsAsync<LinkRefusedException>(() => link.OpenTcpAsync(address, 8080, CancellationToken.None));
    }

    // The node's loopback, the bridge's gateway (the host, where the test registry listens on 5000), a public address.
    [TestCase("127.0.0.1", 7700)]
    [TestCase("172.17.0.1", 5000)]
    [TestCase("0.0.0.0", 2375)]
    [TestCase("8.8.8.8", 53)]
    public async Task OpenTcpAsync_IsRefused_ForAnAddressThatIsNoContainerOfTheJob(string ip, int port)
    {
        await using var link = _runner.Link();

        var refused = Assert.ThrowsAsync<LinkRefusedException>(() => link.OpenTcpAsync(ip, port, CancellationToken.None));

        Assert.That(refused!.Reason, Does.Contain("is not a container of job"));
    }

    [Test]
    public async Task OpenDockerAsync_Fails_WhenTheRunnerShowsAnotherCertificate()
    {
        // ciond's keys pinned to some other runner's certificate: this runner must not be believed.
        var (otherRunner, otherDaemon) = RunnerKeys.Generate(_runner.Job, DateTimeOffset.UtcNow);
        using var _ = otherRunner;
        using var mixed = RunnerKeys.FromPem(LinkKeyText.Format(_runner.DaemonKeys.Own.ExportCertificatePem(),
            KeyPem(_runner.DaemonKeys), otherDaemon.Peer.ExportCertificatePem()));
        otherDaemon.Dispose();
        await using var link = _runner.Link(mixed);

        Assert.ThrowsAsync<AuthenticationException>(() => link.OpenDockerAsync(CancellationToken.None));
    }

    [Test]
    public async Task OpenDockerAsync_IsRefused_WithTheKeysOfAnotherJob()
    {
        var (otherRunner, otherDaemon) = RunnerKeys.Generate("another-job", DateTimeOffset.UtcNow);
        using var _ = otherRunner;
        using var __ = otherDaemon;
        // Even trusting this runner's certificate, a client certificate of another job opens nothing.
        using var stolenPin = RunnerKeys.FromPem(LinkKeyText.Format(otherDaemon.Own.ExportCertificatePem(),
            KeyPem(otherDaemon), _runner.DaemonKeys.Peer.ExportCertificatePem()));
        await using var link = _runner.Link(stolenPin);

        Assert.That(() => link.OpenDockerAsync(CancellationToken.None), Throws.InstanceOf<AuthenticationException>().Or.InstanceOf<IOException>());
    }

    private static string? TryGet(HttpClient http, string url)
    {
        try { return http.GetStringAsync(url).GetAwaiter().GetResult(); }
        catch (HttpRequestException) { return null; }
    }

    private static string KeyPem(RunnerKeys keys) => LinkKeyText.Parse(keys.ToPem()).Key;
}
