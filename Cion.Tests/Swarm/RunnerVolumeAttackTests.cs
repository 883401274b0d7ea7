using System.Formats.Tar;
using Cion.Core.Containers;
using Cion.Core.Swarm;
using Cion.Tests.Support;

namespace Cion.Tests.Swarm;

/// <summary>
/// cion-runner's <c>fill</c> and <c>read</c>, attacked: the runner sees its node's whole volumes folder, so it must
/// touch only its own job's idle local volumes, and unpack nothing outside the one it fills.
/// </summary>
[Category("Docker")]
public sealed class RunnerVolumeAttackTests
{
    private static readonly string Owner = $"/tests/{TestRun.Id}/RunnerVolumeAttackTests";
    private RunnerContainer _runner = null!;

    [OneTimeSetUp]
    public void StartRunner()
    {
        TestImages.RequirePresent();
        _runner = RunnerContainer.Start($"vola-{Guid.NewGuid():N}"[..13], Owner, new RunnerContainer.RunnerOptions(NodeVolumes: true));
    }

    [OneTimeTearDown]
    public void StopRunner() => _runner.Dispose();

    [TearDown]
    public void RemoveLeftovers() => DockerLeftovers.RemoveAll();

    private string Volume(string job, string owner, params string[] options)
    {
        var name = $"cion-{job}-copy-{Guid.NewGuid():N}"[..40];
        Shell.Check("docker", ["volume", "create", "--label", $"{Labels.Job}={job}", "--label", $"{Labels.Owner}={owner}", .. options, name]);
        return name;
    }

    private Task<string?> AskAsync(string request) => RawLink.AskAsync(_runner.HostPort, _runner.DaemonKeys.Own, request);

    [TestCase("fill")]
    [TestCase("read")]
    public async Task AVolumeOfAnotherJob_IsRefused(string verb)
    {
        var other = Volume("another-job", Owner);

        Assert.That(await AskAsync($"{verb} {other}\n"), Is.EqualTo($"refused {other} is not a volume of job {_runner.Job} on this node\n"));
    }

    [TestCase("fill")]
    [TestCase("read")]
    public async Task AVolumeOfTheSameJobForAnotherDaemon_IsRefused(string verb)
    {
        var other = Volume(_runner.Job, Owner + "-another-daemon");

        Assert.That(await AskAsync($"{verb} {other}\n"), Is.EqualTo($"refused {other} is not a volume of job {_runner.Job} on this node\n"));
    }

    [Test]
    public async Task AVolumeThatIsNotThere_IsRefused() =>
        Assert.That(await AskAsync($"read cion-{_runner.Job}-copy-none\n"), Is.EqualTo($"refused cion-{_runner.Job}-copy-none is not a volume of job {_runner.Job} on this node\n"));

    [Test]
    public async Task AVolumeWithDriverOptions_MountedElsewhereWhenUsed_IsRefused()
    {
        var tmpfs = Volume(_runner.Job, Owner, "--opt", "type=tmpfs", "--opt", "device=tmpfs");

        Assert.That(await AskAsync($"fill {tmpfs}\n"), Is.EqualTo($"refused {tmpfs} is not a plain local volume\n"));
    }

    [TestCase("fill")]
    [TestCase("read")]
    public async Task AVolumeARunningContainerUses_IsRefused_SoNothingWritesWhileTheRunnerDoes(string verb)
    {
        var volume = Volume(_runner.Job, Owner);
        var id = Shell.Check("docker", ["run", "-d", "-v", $"{volume}:/v", TestImages.Busybox, "sleep", "60"]).Stdout.Trim();
        try
        {
            Assert.That(await AskAsync($"{verb} {volume}\n"), Is.EqualTo($"refused {volume} is in use by a running container\n"));
        }
        finally
        {
            Shell.Run("docker", "rm", "-f", id);
        }
    }

    [TestCase("data/../escape.txt")]
    [TestCase("data/../../escape.txt")]
    [TestCase("/escape.txt")]
    public async Task AFillClimbingOutOfTheVolume_Fails_AndWritesNothingOutside(string name)
    {
        var volume = Volume(_runner.Job, Owner);

        var (answer, end) = await RawLink.AskThenSendAsync(_runner.HostPort, _runner.DaemonKeys.Own, $"fill {volume}\n", Framed(name));

        Assert.That(answer, Is.EqualTo("ok\n"));
        Assert.That(end, Does.StartWith("failed the archive holds"));
        Assert.That(Shell.Run("find", RunnerContainer.NodeVolumes, "-name", "escape.txt").Output.Trim(), Is.Empty);
    }

    [Test]
    public async Task AFillThroughALinkItMadeItself_Fails_AndWritesNothingWhereTheLinkPoints()
    {
        var volume = Volume(_runner.Job, Owner);
        var target = Volume(_runner.Job, Owner);

        var (_, end) = await RawLink.AskThenSendAsync(_runner.HostPort, _runner.DaemonKeys.Own, $"fill {volume}\n",
            Framed("data/escape/x.txt", link: ("data/escape", $"../../{target}/_data")));

        Assert.That(end, Does.StartWith("failed the archive holds 'data/escape/x.txt', which leads through escape"));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(RunnerContainer.NodeVolumes, target, "_data")), Is.Empty);
    }

    [Test]
    public async Task AReadOfAnIdleVolume_SendsItsLinksAsLinks_NeverWhatTheyPointTo()
    {
        var volume = Volume(_runner.Job, Owner);
        Shell.Check("docker", ["run", "--rm", "-v", $"{volume}:/v", TestImages.Busybox, "sh", "-c",
            "echo built > /v/out.txt && ln -s /etc /v/etc && ln -s ../../ /v/up"]);
        await using var link = _runner.Link();
        using var dir = TempDir.ForCaller("read");

        Assert.That(await ((INodeVolumes)link).ReadVolumeAsync(volume, dir.Combine("out"), CancellationToken.None), Is.True);

        Assert.That(File.ReadAllText(dir.Combine("out", "out.txt")), Is.EqualTo("built\n"));
        Assert.That(new FileInfo(dir.Combine("out", "etc")).LinkTarget, Is.EqualTo("/etc"));
        Assert.That(new FileInfo(dir.Combine("out", "up")).LinkTarget, Is.EqualTo("../../"));
        Assert.That(Directory.GetFileSystemEntries(dir.Combine("out")), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task AReadOfAVolumeHoldingAPipeADeviceAndASocket_NeitherHangsNorOpensThem()
    {
        var volume = Volume(_runner.Job, Owner);
        var data = Path.Combine(RunnerContainer.NodeVolumes, volume, "_data");
        File.WriteAllText(Path.Combine(data, "kept.txt"), "kept\n");
        Shell.Check("mkfifo", [Path.Combine(data, "pipe")]);
        Shell.Check("mknod", [Path.Combine(data, "null"), "c", "1", "3"]);
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified))
            socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(data, "agent.sock")));
        await using var link = _runner.Link();
        using var dir = TempDir.ForCaller("special");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.That(await ((INodeVolumes)link).ReadVolumeAsync(volume, dir.Combine("out"), timeout.Token), Is.True, "read whole by the runner");

        // The pipe and the device travel as entries (never opened: a pipe would block), which a copy back leaves out, as it leaves out the socket.
        Assert.That(Directory.GetFileSystemEntries(dir.Combine("out")).Select(Path.GetFileName), Is.EqualTo(new[] { "kept.txt" }));
        Assert.That(_runner.Logs(), Does.Contain($"read {volume}: ok").And.Not.Contain($"{volume}/_data failed"));
    }

    /// <summary>A framed archive holding one file named <paramref name="name"/>, after a symbolic link if given.</summary>
    private static byte[] Framed(string name, (string Name, string Target)? link = null)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            if (link is { } l) writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, l.Name) { LinkName = l.Target });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("escaped\n"u8.ToArray()) });
        }
        using var framed = new MemoryStream();
        var frames = LinkFrames.Write(framed);
        frames.Write(tar.ToArray());
        frames.EndAsync(CancellationToken.None).GetAwaiter().GetResult();
        return framed.ToArray();
    }
}
