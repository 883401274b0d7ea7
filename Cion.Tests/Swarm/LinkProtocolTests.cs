using System.Net;
using System.Text;
using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

public sealed class LinkProtocolTests
{
    [TestCase("tcp 172.17.0.2 8080", "172.17.0.2", 8080)]
    [TestCase("tcp 10.0.0.1 1", "10.0.0.1", 1)]
    [TestCase("tcp 10.0.0.1 65535", "10.0.0.1", 65535)]
    [TestCase("tcp fd00::2 2375", "fd00::2", 2375)]
    public void ParseRequest_ReadsTcp(string line, string ip, int port) =>
        Assert.That(LinkProtocol.ParseRequest(line, out _), Is.EqualTo(new LinkRequest.Tcp(IPAddress.Parse(ip), port)));

    [TestCase("fill cion-j1-copy-0123456789ab", true)]
    [TestCase("read cion-j1-copy-0123456789ab", false)]
    [TestCase("read a", false)]
    [TestCase("fill A.b_c-9", true)]
    public void ParseRequest_ReadsAVolumesFillOrRead(string line, bool fill) =>
        Assert.That(LinkProtocol.ParseRequest(line, out _),
            Is.EqualTo(fill ? new LinkRequest.Fill(line[5..]) : new LinkRequest.Read(line[5..])));

    [Test]
    public void FillAndReadLines_AreReadBackAsTheSameRequests()
    {
        Assert.That(LinkProtocol.ParseRequest(LinkProtocol.FillLine("cion-x-copy-1").TrimEnd('\n'), out _), Is.EqualTo(new LinkRequest.Fill("cion-x-copy-1")));
        Assert.That(LinkProtocol.ParseRequest(LinkProtocol.ReadLine("cion-x-copy-1").TrimEnd('\n'), out _), Is.EqualTo(new LinkRequest.Read("cion-x-copy-1")));
    }

    [TestCase("done", null)]
    [TestCase("failed No space left on device", "No space left on device")]
    [TestCase("ok", "unexpected answer from the runner: ok")]
    [TestCase("failed", "unexpected answer from the runner: failed")]
    public void ParseFillEnd_TellsDoneFromAFailure(string line, string? reason) =>
        Assert.That(LinkProtocol.ParseFillEnd(line), Is.EqualTo(reason));

    [Test]
    public void ParseRequest_ReadsDocker() =>
        Assert.That(LinkProtocol.ParseRequest("docker", out _), Is.EqualTo(new LinkRequest.Docker()));

    [TestCase("", "unknown request")]
    [TestCase("DOCKER", "unknown request")]
    [TestCase("unix /var/run/docker.sock", "unknown request")]
    [TestCase("docker /var/run/docker.sock", "malformed docker request")]
    [TestCase("docker ", "malformed docker request")]
    [TestCase("tcp 10.0.0.1", "malformed tcp request")]
    [TestCase("tcp 10.0.0.1 80 80", "malformed tcp request")]
    [TestCase("tcp  10.0.0.1 80", "malformed tcp request")]
    [TestCase("tcp 10.0.0.1:80 80", "not an IP address")]
    [TestCase("tcp ../../var/run/docker.sock 80", "not an IP address")]
    [TestCase("tcp localhost 80", "not an IP address")]
    [TestCase("tcp 127.1 80", "not an IP address")]
    [TestCase("tcp 0x7f.0.0.1 80", "not an IP address")]
    [TestCase("tcp 010.0.0.1 80", "not an IP address")]
    [TestCase("tcp fe80::1%eth0 80", "not an IP address")]
    [TestCase("tcp 10.0.0.1 0", "not a port")]
    [TestCase("tcp 10.0.0.1 65536", "not a port")]
    [TestCase("tcp 10.0.0.1 080", "not a port")]
    [TestCase("tcp 10.0.0.1 +80", "not a port")]
    [TestCase("tcp 10.0.0.1 80/../2375", "not a port")]
    [TestCase("fill", "malformed fill request")]
    [TestCase("read a b", "malformed read request")]
    [TestCase("fill ..", "not a volume name")]
    [TestCase("fill ../../etc", "not a volume name")]
    [TestCase("read /var/lib/docker/volumes/x", "not a volume name")]
    [TestCase("read .hidden", "not a volume name")]
    [TestCase("fill a/b", "not a volume name")]
    [TestCase("fill -x", "not a volume name")]
    [TestCase("fill x\u00e9", "not a volume name")]
    public void ParseRequest_RefusesWithAReason(string line, string why)
    {
        Assert.That(LinkProtocol.ParseRequest(line, out var reason), Is.Null);
        Assert.That(reason, Is.EqualTo(why));
    }

    [Test]
    public void TcpLine_IsReadBackAsTheSameRequest() =>
        Assert.That(LinkProtocol.ParseRequest(LinkProtocol.TcpLine(IPAddress.Parse("172.18.0.3"), 2375).TrimEnd('\n'), out _),
            Is.EqualTo(new LinkRequest.Tcp(IPAddress.Parse("172.18.0.3"), 2375)));

    [TestCase("ok", null)]
    [TestCase("refused 10.0.0.9 is not a container of job j", "10.0.0.9 is not a container of job j")]
    [TestCase("okay", "unexpected answer from the runner: okay")]
    [TestCase("refused", "unexpected answer from the runner: refused")]
    public void ParseAnswer_TellsOkFromARefusal(string line, string? reason) =>
        Assert.That(LinkProtocol.ParseAnswer(line), Is.EqualTo(reason));

    [Test]
    public void RefusedLine_KeepsTheReasonOnOneLine() =>
        Assert.That(LinkProtocol.RefusedLine("bad\nok\n"), Is.EqualTo("refused bad?ok?\n"));

    [TestCase("docker\nrest", "docker", "rest")]
    [TestCase("\n", "", "")]
    public async Task ReadLineAsync_StopsAtTheNewline_LeavingTheRest(string input, string line, string rest)
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(input));

        Assert.That(await LinkProtocol.ReadLineAsync(stream, CancellationToken.None), Is.EqualTo(line));
        Assert.That(new StreamReader(stream).ReadToEnd(), Is.EqualTo(rest));
    }

    [TestCase(199, true)]
    [TestCase(200, false)]
    public async Task ReadLineAsync_ReadsAtMostMaxLineBytes_WithTheNewline(int length, bool read)
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(new string('x', length) + "\n"));

        var line = await LinkProtocol.ReadLineAsync(stream, CancellationToken.None);

        Assert.That(line, read ? Has.Length.EqualTo(length) : Is.Null);
    }

    [TestCase("docker")]
    [TestCase("dock\u0000er\n")]
    [TestCase("tcp 10.0.0.1 80\r\n")]
    public async Task ReadLineAsync_GivesNull_ForAnUnendedOrUnprintableLine(string input)
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(input));

        Assert.That(await LinkProtocol.ReadLineAsync(stream, CancellationToken.None), Is.Null);
    }
}
