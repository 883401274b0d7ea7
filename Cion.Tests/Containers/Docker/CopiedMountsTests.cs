using System.Diagnostics;
using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Tests.Support;

namespace Cion.Tests.Containers.Docker;

/// <summary>
/// <see cref="DockerEngine"/> with copied mounts, against the real engine at the default socket: the engine
/// sees no host path, so every file a step sees or leaves travels through the job's volumes, filled and read
/// through the engine's archive API, or by a real cion-runner beside it that sees the engine's volumes folder
/// (as on a Swarm node), which must give the same results without falling back to the engine.
/// </summary>
[Category("Docker")]
[TestFixture(false)]
[TestFixture(true)]
public sealed class CopiedMountsTests(bool throughRunner)
{
    private static readonly Uri Socket = new("unix:///var/run/docker.sock");
    private static readonly string Owner = $"/tests/{TestRun.Id}/CopiedMountsTests";
    private DockerEngine _engine = null!;
    private TempDir _dir = null!;
    private string _job = null!;
    private RunnerContainer? _runner;
    private Cion.Core.Swarm.NodeLink? _link;
    private CountedVolumes? _counted;

    [OneTimeSetUp]
    public void RequireImages() => TestImages.RequirePresent();

    [SetUp]
    public void Connect()
    {
        _dir = TempDir.ForCaller(TestContext.CurrentContext.Test.Name);
        _job = $"copy-{Guid.NewGuid().ToString("N")[..8]}";
        if (throughRunner)
        {
            _runner = RunnerContainer.Start(_job, Owner, new RunnerContainer.RunnerOptions(NodeVolumes: true));
            _link = _runner.Link();
            _counted = new CountedVolumes(_link);
        }
        _engine = NewEngine();
        Directory.CreateDirectory(Work);
    }

    [TearDown]
    public async Task RemoveLeftovers()
    {
        _engine.Dispose();
        if (_runner is not null)
        {
            await _link!.DisposeAsync();
            var log = _runner.Logs();
            TestContext.Out.WriteLine(log);
            _runner.Dispose();
            // Every volume of the runner's job was filled and read by the runner: a refusal or failure would have gone
            // through the engine unseen. (Another job's volume is refused, as it must be, and goes through the engine.)
            Assert.That(log, Does.Not.Match($@": (fill|read) cion-{_runner.Job}-\S+: refused").And.Not.Contain("failed"), log);
            Assert.That(_counted!.Failures, Is.Empty, "no fill or read through the runner failed (ciond then falls back to the engine)");
        }
        DockerLeftovers.RemoveAll();
        _dir.Dispose();
    }

    private string Work => _dir.Combine("work");

    /// <summary>A daemon's engine: a new one is a restarted daemon, which remembers nothing of the volumes.</summary>
    private DockerEngine NewEngine() => DockerEngine.Connect(Socket, Owner, copiedMounts: true, nodeVolumes: _counted);

    /// <summary>The runner's link, counting what it filled and read whole (not refused), and what failed.</summary>
    private sealed class CountedVolumes(INodeVolumes link) : INodeVolumes
    {
        private int _filled;
        private int _read;

        public int Filled => _filled;
        public int Read => _read;
        public System.Collections.Concurrent.ConcurrentQueue<string> Failures { get; } = new();

        public async Task<bool> FillVolumeAsync(string volume, string hostFolder, CancellationToken ct)
        {
            var whole = await WatchAsync(link.FillVolumeAsync(volume, hostFolder, ct), $"fill {volume}");
            if (whole) Interlocked.Increment(ref _filled);
            return whole;
        }

        public async Task<bool> ReadVolumeAsync(string volume, string newFolder, CancellationToken ct)
        {
            var whole = await WatchAsync(link.ReadVolumeAsync(volume, newFolder, ct), $"read {volume}");
            if (whole) Interlocked.Increment(ref _read);
            return whole;
        }

        private async Task<bool> WatchAsync(Task<bool> transfer, string what)
        {
            try { return await transfer; }
            catch (Exception e)
            {
                Failures.Enqueue($"{what}: {e.Message}");
                throw;
            }
        }
    }

    private ContainerSpec Spec(string script, params Mount[] mounts) => new()
    {
        Name = Labels.ContainerName(_job, Guid.NewGuid().ToString("N")[..8]),
        Image = TestImages.Busybox,
        Env = new Dictionary<string, string>(),
        Cmd = ["/bin/sh", "-c", script],
        Mounts = mounts,
        Labels = new Dictionary<string, string> { [Labels.Job] = _job, [Labels.Step] = "build" },
    };

    private Mount Build(bool readOnly = false) => new(Work, "/cion/build", readOnly);

    private Mount Scratch() => new(Work, "/cion/build", ReadOnly: false, Scratch: true);

    private async Task<(long Exit, string Output)> RunAsync(ContainerSpec spec)
    {
        using var output = new MemoryStream();
        var exit = await _engine.RunAsync(spec, output, CancellationToken.None);
        return (exit, System.Text.Encoding.UTF8.GetString(output.ToArray()));
    }

    [Test]
    public async Task RunAsync_CopiesTheBuildsFilesBack_WithFoldersModesAndLinks()
    {
        // Lines end with a newline: the engine may drop an unfinished last line from a log it is following.
        File.WriteAllText(Path.Combine(Work, "seed.txt"), "from the host\n");

        var (exit, output) = await RunAsync(Spec(
            "cat seed.txt && mkdir -p a/b && echo deep > a/b/c.txt && printf '#!/bin/sh\\necho hi\\n' > run.sh && chmod 755 run.sh"
            + " && ln -s a/b/c.txt link && mkdir empty", Build()) with { WorkingDir = "/cion/build" });

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("from the host"), "the container saw the host folder's content");
        Assert.That(File.ReadAllText(Path.Combine(Work, "a", "b", "c.txt")), Is.EqualTo("deep\n"));
        Assert.That(File.GetUnixFileMode(Path.Combine(Work, "run.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
        Assert.That(new FileInfo(Path.Combine(Work, "link")).LinkTarget, Is.EqualTo("a/b/c.txt"));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(Work, "empty")), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(Work, "seed.txt")), Is.EqualTo("from the host\n"));
    }

    [Test]
    public async Task RunAsync_TheRunnerFillsAndReadsTheVolume_WithoutTheEnginesArchive()
    {
        if (!throughRunner) Assert.Ignore("through a runner only");
        File.WriteAllText(Path.Combine(Work, "seed.txt"), "from the host\n");

        var (exit, output) = await RunAsync(Spec("cat /cion/build/seed.txt && echo out > /cion/build/out.txt", Build()));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Is.EqualTo("from the host\n"));
        Assert.That(File.ReadAllText(Path.Combine(Work, "out.txt")), Is.EqualTo("out\n"));
        Assert.That((_counted!.Filled, _counted.Read), Is.EqualTo((1, 1)), "filled by the runner, and read back whole by it: the engine's archive calls never ran");
        var volume = CopiedMountPlan.VolumeName(_job, Work);
        Assert.That(_runner!.Logs(), Does.Contain($"fill {volume}: ok").And.Contain($"read {volume}: ok"));
    }

    [Test]
    public async Task RunAsync_TheContainerSeesTheHostFilesOwners()
    {
        File.WriteAllText(Path.Combine(Work, "owned.txt"), "x\n");
        Directory.CreateDirectory(Path.Combine(Work, "dir"));
        File.CreateSymbolicLink(Path.Combine(Work, "dir", "link"), "../owned.txt");
        Shell.Check("chown", ["-h", "4321:4322", Path.Combine(Work, "owned.txt"), Path.Combine(Work, "dir"), Path.Combine(Work, "dir", "link")]);

        var (exit, output) = await RunAsync(Spec("stat -c '%n %u:%g' owned.txt dir && stat -c '%n %u:%g' dir/link", Build()) with { WorkingDir = "/cion/build" });

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Is.EqualTo("owned.txt 4321:4322\ndir 4321:4322\ndir/link 4321:4322\n"), "as the engine's archive upload keeps them");
    }

    [Test]
    public async Task StartDetachedAsync_MountsAVolume_NotTheHostFolder()
    {
        var id = await _engine.StartDetachedAsync(Spec("true", Build()), CancellationToken.None);

        var mounts = Shell.Check("docker", ["inspect", "-f", "{{range .Mounts}}{{.Type}} {{.Name}} {{.Destination}}{{end}}", id]).Stdout.Trim();
        Assert.That(mounts, Is.EqualTo($"volume {CopiedMountPlan.VolumeName(_job, Work)} /cion/build"));
    }

    [Test]
    public async Task RunAsync_DeletesFromTheHostFolder_WhatTheContainerDeleted()
    {
        File.WriteAllText(Path.Combine(Work, "old.txt"), "stale");
        Directory.CreateDirectory(Path.Combine(Work, "old-dir"));

        var (exit, output) = await RunAsync(Spec("rm /cion/build/old.txt && rmdir /cion/build/old-dir", Build()));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(Directory.GetFileSystemEntries(Work), Is.Empty);
    }

    [Test]
    public async Task RunAsync_SharesTheJobsVolume_WithTheJobsNextContainer_WithoutCopyingAgain()
    {
        var artifacts = _dir.Combine("artifacts");
        await RunAsync(Spec("echo built > /cion/build/out.txt && echo record > /cion/artifacts/app", Build(), new Mount(artifacts, "/cion/artifacts", ReadOnly: false)));
        // A file a copy would take and the job's volume does not have; the folder's own time kept, as cion keeps it between steps.
        var copiedBack = Directory.GetLastWriteTimeUtc(Work);
        Directory.CreateDirectory(Path.Combine(Work, "sub"));
        File.WriteAllText(Path.Combine(Work, "sub", "host-only.txt"), "written on the host after the build");
        Directory.SetLastWriteTimeUtc(Work, copiedBack);

        var (exit, output) = await RunAsync(Spec("cat /cion/build/out.txt /cion/artifacts/app; ls /cion/build/sub 2>&1", Build(), new Mount(artifacts, "/cion/artifacts", ReadOnly: true)));

        Assert.That(exit, Is.EqualTo(1), output); // ls: no such folder
        Assert.That(output, Does.Contain("built\nrecord\n"));
        Assert.That(output, Does.Not.Contain("host-only"));
    }

    [Test]
    public async Task RunAsync_FillsTheVolumeAgain_WhenTheHostFolderWasMadeAnew()
    {
        await RunAsync(Spec("echo first > /cion/build/out.txt", Build()));
        // A build that runs again after a restart: a fresh checkout in place of the old one.
        Directory.Delete(Work, recursive: true);
        Directory.CreateDirectory(Work);
        File.WriteAllText(Path.Combine(Work, "fresh.txt"), "checkout");

        var (_, output) = await RunAsync(Spec("ls /cion/build", Build()));

        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "fresh.txt" }));
    }

    [Test]
    public async Task RunAsync_FillsSeveralFoldersAtOnce_AndAMissingOneIsEmpty()
    {
        File.WriteAllText(Path.Combine(Work, "src.txt"), "source\n");
        var cache = _dir.Combine("cache");
        Directory.CreateDirectory(Path.Combine(cache, "deep"));
        File.WriteAllText(Path.Combine(cache, "deep", "hit"), "cached\n");

        var (exit, output) = await RunAsync(Spec("cat /cion/build/src.txt /cion/cache/deep/hit && ls -A /cion/missing && echo EMPTY",
            Build(), new Mount(cache, "/cion/cache", ReadOnly: true), new Mount(_dir.Combine("missing"), "/cion/missing", ReadOnly: false)));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Is.EqualTo("source\ncached\nEMPTY\n"));
        Assert.That(Shell.Check("docker", ["ps", "-aq", "--filter", $"label=cion.job={_job}", "--filter", "label=cion.seeding"]).Stdout.Trim(),
            Is.Empty, "the seeding helper is gone");
        Assert.That(Shell.Check("docker", ["volume", "ls", "-q", "--filter", $"label=cion.job={_job}", "--filter", "label=cion.seeding"]).Stdout.Trim(),
            Is.Empty, "the marker volume is gone");
    }

    [Test]
    public async Task RunAsync_KeepsAScratchFoldersWritesOnTheEngine_ForTheNextContainer_NotOnTheHost()
    {
        File.WriteAllText(Path.Combine(Work, "src.txt"), "source\n");

        await RunAsync(Spec("echo built > /cion/build/out.txt", Scratch()));
        var (exit, output) = await RunAsync(Spec("cat /cion/build/src.txt /cion/build/out.txt", Scratch()));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Is.EqualTo("source\nbuilt\n"));
        Assert.That(Directory.GetFileSystemEntries(Work).Select(Path.GetFileName), Is.EqualTo(new[] { "src.txt" }), "nothing was copied back");
    }

    [Test]
    public async Task RunAsync_OfARestartedDaemon_KeepsWhatTheJobWroteInAScratchFolder()
    {
        File.WriteAllText(Path.Combine(Work, "src.txt"), "source\n");
        await RunAsync(Spec("echo built > /cion/build/out.txt", Scratch()));

        using var restarted = NewEngine();
        using var output = new MemoryStream();
        var exit = await restarted.RunAsync(Spec("cat /cion/build/out.txt", Scratch()), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(System.Text.Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("built\n"), "the volume's stamp matched the folder: not filled again");
    }

    /// <param name="mark">What a daemon killed while filling leaves beside the stamped volume: its marker volume, or
    /// the helper container that daemons before the marker volumes left.</param>
    [TestCase("marker volume")]
    [TestCase("helper container")]
    public async Task RunAsync_OfARestartedDaemon_FillsAgain_WhenTheLastFillingWasCutShort(string mark)
    {
        File.WriteAllText(Path.Combine(Work, "src.txt"), "source\n");
        await RunAsync(Spec("echo built > /cion/build/out.txt", Scratch()));
        if (mark == "marker volume")
            Shell.Check("docker", ["volume", "create", "--label", $"cion.job={_job}", "--label", "cion.seeding=true", $"cion-{_job}-cut-seed"]);
        else
            Shell.Check("docker", ["create", "--name", $"cion-{_job}-cut-seed", "--label", $"cion.job={_job}", "--label", "cion.seeding=true",
                "-v", $"{CopiedMountPlan.VolumeName(_job, Work)}:/cion-seed/0", TestImages.Busybox, "true"]);

        using var restarted = NewEngine();
        using var output = new MemoryStream();
        var exit = await restarted.RunAsync(Spec("ls /cion/build", Scratch()), output, CancellationToken.None);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(System.Text.Encoding.UTF8.GetString(output.ToArray()), Is.EqualTo("src.txt\n"), "filled again from the host folder");
        Assert.That(Shell.Check("docker", ["ps", "-aq", "--filter", $"label=cion.job={_job}", "--filter", "label=cion.seeding"]).Stdout.Trim(), Is.Empty);
        Assert.That(Shell.Check("docker", ["volume", "ls", "-q", "--filter", $"label=cion.job={_job}", "--filter", "label=cion.seeding"]).Stdout.Trim(), Is.Empty);
    }

    [Test]
    public async Task RunAsync_KeepsAReadOnlyFolderReadOnly()
    {
        File.WriteAllText(Path.Combine(Work, "app"), "built\n");

        var (exit, output) = await RunAsync(Spec("cat /cion/build/app; echo x > /cion/build/new && echo WROTE", Build(readOnly: true)));

        Assert.That(exit, Is.Not.EqualTo(0), output);
        Assert.That(output, Does.Contain("built").And.Contain("Read-only file system").And.Not.Contain("WROTE"));
        Assert.That(Directory.GetFileSystemEntries(Work).Select(Path.GetFileName), Is.EqualTo(new[] { "app" }));
    }

    [Test]
    public async Task RunAsync_CopiesASingleFileIn_MakingTheFoldersAboveIt()
    {
        var result = _dir.Combine("result");
        File.WriteAllText(result, "status=succeeded\n");

        var (exit, output) = await RunAsync(Spec("cat /cion/result /cion/deeper/still/result /tmp/result",
            new Mount(result, "/cion/result", ReadOnly: true), new Mount(result, "/cion/deeper/still/result", ReadOnly: true),
            new Mount(result, "/tmp/result", ReadOnly: true)));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Is.EqualTo("status=succeeded\nstatus=succeeded\nstatus=succeeded\n"));
    }

    [Test]
    public async Task FollowToEndAsync_OfANewEngine_CopiesBackWhatAnAdoptedContainerWrote_OncePerExit()
    {
        var id = await _engine.StartDetachedAsync(Spec("echo adopted > /cion/build/adopted.txt", Build()), CancellationToken.None);
        using var restarted = NewEngine();

        var exit = await restarted.FollowToEndAsync(id, Stream.Null, 0, CancellationToken.None);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(Work, "adopted.txt")), Is.EqualTo("adopted\n"));

        // A second copy back would make the folder the container's again, without this file.
        File.WriteAllText(Path.Combine(Work, "after.txt"), "the next step's");
        await restarted.FollowToEndAsync(id, Stream.Null, 0, CancellationToken.None);
        Assert.That(File.Exists(Path.Combine(Work, "after.txt")), Is.True, "copied back once");
    }

    [Test]
    public async Task RemoveJobResourcesAsync_RemovesTheJobsVolumes()
    {
        await RunAsync(Spec("true", Build(), new Mount(_dir.Combine("artifacts"), "/cion/artifacts", ReadOnly: true)));
        Assert.That(Shell.Check("docker", ["volume", "ls", "-q", "--filter", $"label=cion.job={_job}"]).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Has.Length.EqualTo(2), "one volume per host folder");

        var report = await _engine.RemoveJobResourcesAsync(_job);

        Assert.That(report.Complete, Is.True, report.DescribeLeft());
        Assert.That(Shell.Check("docker", ["volume", "ls", "-q", "--filter", $"label=cion.job={_job}"]).Stdout.Trim(), Is.Empty);
        Assert.That(Shell.Check("docker", ["ps", "-aq", "--filter", $"label=cion.job={_job}"]).Stdout.Trim(), Is.Empty, "no seeding helper is left");
    }

    [Test]
    public async Task RemoveLeftoversAsync_RemovesTheVolumesOfJobsNoLongerClaimed_AndKeepsALiveJobs()
    {
        await RunAsync(Spec("true", Build()));
        var live = _job;
        _job = $"copy-{Guid.NewGuid().ToString("N")[..8]}";
        await RunAsync(Spec("true", Build()));

        using var restarted = NewEngine();
        var report = await restarted.RemoveLeftoversAsync(() => new HashSet<string> { live });

        Assert.That(report.Complete, Is.True, report.DescribeLeft());
        Assert.That(Shell.Check("docker", ["volume", "ls", "-q", "--filter", $"label=cion.job={_job}"]).Stdout.Trim(), Is.Empty);
        Assert.That(Shell.Check("docker", ["volume", "ls", "-q", "--filter", $"label=cion.job={live}"]).Stdout.Trim(),
            Is.EqualTo(CopiedMountPlan.VolumeName(live, Work)), "the claimed job's volume stays for its adopted steps");
    }

    [Test]
    public async Task RunAsync_WritesNothingOutsideTheHostFolder_ThroughALinkTheBuildMade()
    {
        var outside = _dir.Combine("outside");
        Directory.CreateDirectory(outside);

        var (exit, output) = await RunAsync(Spec(
            $"mkdir -p {outside} && ln -s {outside} /cion/build/a && echo pwned > /cion/build/a/pwned && ln -s /etc /cion/build/etc", Build()));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(new FileInfo(Path.Combine(Work, "a")).LinkTarget, Is.EqualTo(outside), "the link itself comes back");
        Assert.That(Directory.GetFileSystemEntries(outside), Is.Empty);
        Assert.That(File.Exists("/etc/pwned"), Is.False);
    }

    [Test]
    public async Task FollowToEndAsync_CopiesBackFiftyMegabytes()
    {
        var id = await _engine.StartDetachedAsync(Spec("dd if=/dev/urandom of=/cion/build/big bs=1M count=50", Build()), CancellationToken.None);
        Shell.Check("docker", ["wait", id]);

        // Only the copy back is left to do: its time, for the record (issue 16's figures), not a limit.
        var watch = Stopwatch.StartNew();
        var exit = await _engine.FollowToEndAsync(id, Stream.Null, 0, CancellationToken.None);
        watch.Stop();

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(new FileInfo(Path.Combine(Work, "big")).Length, Is.EqualTo(50L * 1024 * 1024));
        TestContext.Out.WriteLine($"copy back of 50 MB: {watch.Elapsed.TotalSeconds:0.00} s");
    }
}
