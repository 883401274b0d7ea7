using Cion.Core.Swarm;
using Cion.Tests.Support;

namespace Cion.Tests.Swarm;

/// <summary>cion-runner's port, attacked: anything but ciond's pinned certificate and a well-formed request gets nothing.</summary>
[Category("Docker")]
public sealed class RunnerAttackTests
{
    private static readonly string Owner = $"/tests/{TestRun.Id}/RunnerAttackTests";
    private RunnerContainer _runner = null!;

    [OneTimeSetUp]
    public void StartRunner()
    {
        TestImages.RequirePresent();
        _runner = RunnerContainer.Start($"attk-{Guid.NewGuid():N}"[..13], Owner);
    }

    [OneTimeTearDown]
    public void StopRunner() => _runner.Dispose();

    [TearDown]
    public void RemoveLeftovers() => DockerLeftovers.RemoveAll();

    [TestCase("docker\n")]
    [TestCase("GET /containers/json HTTP/1.1\r\nHost: x\r\n\r\n")]
    public async Task PlainTcp_WithoutTls_GetsNothing(string request) =>
        Assert.That(await RawLink.PlainAsync(_runner.HostPort, request), Is.Empty);

    [Test]
    public async Task Tls_WithoutAClientCertificate_GetsNoAnswer() =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, null, "docker\n"), Is.Null);

    [Test]
    public async Task Tls_WithTheClientCertificateOfAnotherJob_GetsNoAnswer()
    {
        var (otherRunner, otherDaemon) = RunnerKeys.Generate(_runner.Job, DateTimeOffset.UtcNow);
        using var _ = otherRunner;
        using var __ = otherDaemon;

        Assert.That(await RawLink.AskAsync(_runner.HostPort, otherDaemon.Own, "docker\n"), Is.Null);
    }

    [Test]
    public async Task Tls_WithTheRunnersOwnCertificate_GetsNoAnswer() =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.RunnerKeys.Own, "docker\n"), Is.Null);

    [Test]
    public async Task TheRightClient_GetsOk_SoTheRefusalsBelowAreTheRunnersChoice() =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, "docker\n"), Is.EqualTo("ok\n"));

    [Test]
    public async Task ALineOverTheBound_IsRefused() =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, new string('d', 200) + "\n"),
            Does.StartWith("refused no request line"));

    [Test]
    public async Task AHugeLine_IsRefused_AfterItsBound_NeverRead()
    {
        var before = _runner.Logs();

        // The runner answers and closes after 200 bytes; the rest, still arriving, may reset the connection before
        // the client reads the answer (TCP drops what the closed end never read): a refusal either way, never ok.
        var answer = await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, new string('d', 100_000) + "\n");

        Assert.That(answer, Is.Null.Or.StartWith("refused no request line"));
        Wait.Until(() => _runner.Logs()[before.Length..].Contains("(no line): refused no request line"), "the runner's refusal in its log");
    }

    [Test]
    public async Task ARequestLineThatNeverEnds_IsCutOffByTheHandshakeDeadline() =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, "dock"), Is.Null);

    [Test]
    public async Task AnAuthenticatedConnection_ThatNeverSendsARequest_IsClosedAfterTheRequestWait()
    {
        var before = _runner.Logs();

        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, ""), Is.Null);

        Assert.That(_runner.Logs()[before.Length..], Does.Contain("closed before a request was served"));
    }

    [TestCase("DOCKER\n")]
    [TestCase("unix /var/run/docker.sock\n")]
    [TestCase("udp 172.17.0.2 53\n")]
    [TestCase("exec sh\n")]
    public async Task AnUnknownVerb_IsRefused(string request) =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, request), Is.EqualTo("refused unknown request\n"));

    [TestCase("docker /etc/shadow\n", "refused malformed docker request\n")]
    [TestCase("tcp ../../var/run/docker.sock 80\n", "refused not an IP address\n")]
    [TestCase("tcp /var/run/docker.sock 0\n", "refused not an IP address\n")]
    [TestCase("tcp 172.17.0.1:5000 5000\n", "refused not an IP address\n")]
    [TestCase("tcp 127.1 7700\n", "refused not an IP address\n")]
    [TestCase("tcp localhost 7700\n", "refused not an IP address\n")]
    [TestCase("tcp 172.17.0.1 5000/../2375\n", "refused not a port\n")]
    [TestCase("tcp 172.17.0.1 5000 2375\n", "refused malformed tcp request\n")]
    [TestCase("tcp 172.17.0.1\u0000 5000\n", null)]
    public async Task PathTricksInTheTcpLine_AreRefused(string request, string? answer) =>
        Assert.That(await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, request),
            answer is null ? Does.StartWith("refused no request line") : Is.EqualTo(answer));

    [Test]
    public async Task AConnection_IsLoggedWithItsAnswer_AndNeverTheKeys()
    {
        await RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, "tcp 10.99.0.1 4242\n");

        var log = Wait.Until(() => _runner.Logs() is var l && l.Contains("tcp 10.99.0.1 4242: refused") ? l : null, "the connection's log line");

        Assert.That(log, Does.Contain($"tcp 10.99.0.1 4242: refused 10.99.0.1 is not a container of job {_runner.Job} on this node"));
        Assert.That(log, Does.Not.Contain("PRIVATE KEY").And.Not.Contain("CERTIFICATE"));
    }
}
