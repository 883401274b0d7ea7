using Cion.Core.Containers;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// <c>cion run</c> in a real working copy against the real engine, with the staged binary. Each run gets a TMPDIR of
/// its own: the temporary folder cion makes lives there, and the owner label of everything it makes in the engine
/// (<c>cion.state</c>) is that folder, so "nothing left behind" looks only at what this test's runs made.
/// </summary>
[Category("EndToEnd")]
public sealed class LocalRunTests
{
    private TempDir _dir = null!;
    private string _work = null!;
    private string _tmp = null!;

    [OneTimeSetUp]
    public void RequireImages() => TestImages.RequirePresent();

    [SetUp]
    public void CreateWorkingCopy()
    {
        _dir = TempDir.Named(TestContext.CurrentContext.Test.Name, nameof(LocalRunTests));
        _work = _dir.Combine("app");
        _tmp = _dir.Combine("tmp");
        Directory.CreateDirectory(_work);
        Directory.CreateDirectory(_tmp);
        Git("init", "-q", "-b", "main");
    }

    [TearDown]
    public void CheckNothingLeft()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed) return;
            Assert.That(Directory.GetFileSystemEntries(_tmp), Is.Empty, "cion run left files in its temporary folder");
            Assert.That(Leftovers("ps", "-a"), Is.Empty, "containers left behind");
            Assert.That(Leftovers("network", "ls"), Is.Empty, "networks left behind");
            Assert.That(Leftovers("volume", "ls"), Is.Empty, "volumes left behind");
        }
        finally
        {
            foreach (var id in Leftovers("ps", "-a")) Shell.Run("docker", "rm", "-f", id);
            foreach (var id in Leftovers("network", "ls")) Shell.Run("docker", "network", "rm", id);
            _dir.Dispose();
        }
    }

    [Test]
    public void Run_BuildSeesTheUncommittedChange_AndItsArtifactsStayInTheGivenFolder()
    {
        Commit("""
            build:
              image: cion-test/git
              cmd: 'cat $BUILD_DIR/message.txt; ls $BUILD_DIR; git -C $BUILD_DIR status --porcelain; cp message.txt $ARTIFACTS_DIR/out.txt; echo "greeting=$GREETING"'
              docker: false
            """, ("message.txt", "committed\n"), (".gitignore", "ignored.txt\n"));
        File.WriteAllText(Path.Combine(_work, "message.txt"), "changed, not committed\n");
        File.WriteAllText(Path.Combine(_work, "untracked.txt"), "new\n");
        File.WriteAllText(Path.Combine(_work, "ignored.txt"), "ignored\n");
        Directory.CreateDirectory(Path.Combine(_work, "src"));
        var statusBefore = Git("status", "--porcelain").Stdout;
        var artifacts = _dir.Combine("kept");

        var run = Run(Path.Combine(_work, "src"), "run", "--artifacts", artifacts, "--env", "GREETING=hello");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Contain("changed, not committed").And.Contain("untracked.txt").And.Contain("greeting=hello"));
        Assert.That(run.Stdout, Does.Not.Contain("ignored.txt").And.Not.Match("(?m)^committed$"));
        Assert.That(run.Stdout, Does.Contain(" M message.txt").And.Contain("?? untracked.txt"), "the build's git sees the change against the commit");
        Assert.That(run.Stderr, Does.Contain("cion run: == build ==").And.Contain("cion run: build: exited 0"));
        Assert.That(File.ReadAllText(Path.Combine(artifacts, "out.txt")), Is.EqualTo("changed, not committed\n"));
        Assert.That(Git("status", "--porcelain").Stdout, Is.EqualTo(statusBefore), "the run changed the working copy");
    }

    [Test]
    public void Run_ExitsWithTheBuildsCode_AndRunsNoRelease_WhenTheBuildFails()
    {
        Commit("""
            build: {image: cion-test/busybox, cmd: 'echo building; exit 7', docker: false}
            release: {image: cion-test/busybox, cmd: 'echo RELEASED'}
            """);

        var run = Run(_work, "run", "--step", "release");

        Assert.That(run.ExitCode, Is.EqualTo(7), run.Output);
        Assert.That(run.Stdout, Does.Contain("building").And.Not.Contain("RELEASED"));
        Assert.That(run.Stderr, Does.Contain("build failed (exit 7): the steps after it do not run"));
    }

    [Test]
    public void Run_RunsTheTestAfterTheBuild_InItsCheckout_AndExitsWithTheTestsCode()
    {
        Commit("""
            build: {image: cion-test/busybox, cmd: 'echo built > made.txt; echo art > $ARTIFACTS_DIR/out.txt', docker: false}
            test: {image: cion-test/busybox, cmd: 'cat made.txt $ARTIFACTS_DIR/out.txt; touch $ARTIFACTS_DIR/x || echo artifacts read-only; exit 5'}
            release: {image: cion-test/busybox, cmd: 'echo RELEASED'}
            """);

        var run = Run(_work, "run");

        Assert.That(run.ExitCode, Is.EqualTo(5), run.Output);
        Assert.That(run.Stdout, Does.Contain("built\nart\n").And.Contain("artifacts read-only").And.Not.Contain("RELEASED"));
        Assert.That(run.Stderr, Does.Contain("cion run: == test ==").And.Contain("test failed (exit 5)"));
    }

    [Test]
    public void Run_StopsTheStepAndExits124_WhenItRunsPastItsTimeout()
    {
        Commit("build: {image: cion-test/busybox, docker: false, timeout: 2s, cmd: 'echo started; sleep 60'}\n");

        var run = Run(_work, "run");

        Assert.That(run.ExitCode, Is.EqualTo(124), run.Output);
        Assert.That(run.Stdout, Does.Contain("started"));
        Assert.That(run.Stderr, Does.Contain("cion run: build timed out after 2 s and was stopped"));
    }

    [Test]
    public void Run_RunsTheRelease_OnlyWhenAskedFor()
    {
        Commit("""
            build: {image: cion-test/busybox, cmd: 'echo built > $ARTIFACTS_DIR/out.txt', docker: false}
            release: {image: cion-test/busybox, cmd: 'echo "RELEASED $(cat $ARTIFACTS_DIR/out.txt)"; touch $ARTIFACTS_DIR/x || echo read-only'}
            """);

        var byDefault = Run(_work, "run");
        var asked = Run(_work, "run", "--step", "release");

        Assert.That(byDefault.ExitCode, Is.Zero, byDefault.Output);
        Assert.That(byDefault.Output, Does.Not.Contain("RELEASED").And.Not.Contain("== release =="));
        Assert.That(asked.ExitCode, Is.Zero, asked.Output);
        Assert.That(asked.Stdout, Does.Contain("RELEASED built").And.Contain("read-only"));
        Assert.That(asked.Stderr, Does.Contain("== build ==").And.Contain("== release =="));
    }

    [Test]
    public void Run_NeverOpensLibgit2_ThoughItReadsTheWorkingCopy()
    {
        Commit("build: {image: cion-test/busybox, cmd: 'echo BUILT', docker: false}\n");
        var trace = _dir.Combine("run.trace");

        var run = Shell.Run("strace", ["-f", "-e", "trace=openat,execve", "-o", trace, Binaries.Cion, "run"], _work,
            new Dictionary<string, string?> { ["TMPDIR"] = _tmp, ["CION_CONFIG"] = "" });

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Contain("BUILT"));
        Assert.That(File.ReadAllText(trace), Does.Match("execve\\(\"[^\"]*/git\"").And.Not.Contain("libgit2"), "it reads the working copy through the git program");
    }

    [Test]
    public void Run_GivesTheStepTheSecretItNames_MaskedInTheOutput()
    {
        Commit("""
            build: {image: cion-test/busybox, cmd: 'echo "token=$TOKEN length=${#TOKEN} other=${OTHER:-unset}"', secrets: [TOKEN], docker: false}
            """);
        File.WriteAllText(_dir.Combine("secrets.env"), "TOKEN=from-file\nOTHER=not-named\n");

        var run = Run(_work, "run", "--secrets-file", _dir.Combine("secrets.env"), "--secret", "TOKEN=s3cr3t-value");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Contain("token=*** length=12 other=unset"));
        Assert.That(run.Output, Does.Not.Contain("s3cr3t-value"));
    }

    [Test]
    public void Run_RefusesBeforeAnythingRuns_WhenANamedSecretIsMissing()
    {
        Commit("build: {image: cion-test/busybox, cmd: 'echo RAN', secrets: [TOKEN], docker: false}\n");

        var run = Run(_work, "run", "--secret", "OTHER=x");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Does.Contain(".cion.yml: build.secrets: 'TOKEN' not given: pass --secret TOKEN=VALUE"));
        Assert.That(run.Output, Does.Not.Contain("RAN").And.Not.Contain("== build =="));
    }

    [TestCase(new[] { "--step", "deploy" }, "cion run: --step deploy: unknown step; expected build, test or release")]
    [TestCase(new[] { "--step", "test" }, "cion run: --step test: .cion.yml has no test step")]
    [TestCase(new[] { "--env", "NOEQUALS" }, "cion run: --env NOEQUALS: expected NAME=VALUE")]
    [TestCase(new[] { "--env", "BUILD_DIR=/x" }, "'BUILD_DIR' is reserved")]
    [TestCase(new[] { "--secrets-file", "/nonexistent/s.env" }, "cannot read it: no such file")]
    public void Run_RefusesBadInput_BeforeAnythingRuns(string[] args, string message)
    {
        Commit("build: {image: cion-test/busybox, cmd: 'echo RAN', docker: false}\n");

        var run = Run(_work, ["run", .. args]);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Does.Contain(message));
        Assert.That(run.Output, Does.Not.Contain("RAN"));
    }

    [Test]
    public void Run_NamesTheLineAndKey_WhenTheUncommittedConfigIsBad()
    {
        Commit("build: {image: cion-test/busybox, docker: false}\n");
        File.WriteAllText(Path.Combine(_work, ".cion.yml"), "build:\n  image: cion-test/busybox\n  colour: blue\n");

        var run = Run(_work, "run");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Does.Contain("cion: config error: .cion.yml:3: build.colour:"));
    }

    [Test]
    public void Run_Refuses_OutsideAWorkingCopy()
    {
        var plain = _dir.Combine("plain");
        Directory.CreateDirectory(plain);

        var run = Run(plain, "run");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Does.StartWith($"cion run: not inside a git working copy: no .git in {plain} or any folder above it"));
    }

    [Test]
    public void Run_GivesTheBuildAnEngineOfItsOwn_WhenItAsksForDocker()
    {
        Commit("build: {image: cion-test/docker, cmd: 'echo \"host=$DOCKER_HOST\"; docker info --format \"engine={{.ServerVersion}}\"', docker: true}\n");
        File.WriteAllText(_dir.Combine("cion.yml"), $"dind:\n  image: {TestImages.Dind}\n  rootless_image: {TestImages.DindRootless}\n");

        var run = Run(_work, "run", "--config", _dir.Combine("cion.yml"));

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Contain("host=tcp://docker:2375").And.Contain("engine="));
        Assert.That(run.Stderr, Does.Contain("service docker: started").And.Contain("(rootless engine").And.Contain("service docker: removed"));
    }

    [Test]
    public void Run_RemovesItsContainersAndFolder_WhenInterrupted()
    {
        Commit("""
            build: {image: cion-test/busybox, cmd: 'echo BUILD-IS-RUNNING; sleep 600', docker: false}
            services:
              db: {image: cion-test/busybox, cmd: 'sleep 600'}
            """);
        var pidFile = _dir.Combine("pid");
        // A test run started in the background of a script inherits SIGINT ignored, which no shell may undo and
        // .NET then leaves alone: env gives cion run the default disposition a terminal's Ctrl-C meets.
        using var running = BackgroundProcess.Start("sh", "-c",
            $"cd '{_work}' && echo $$ > '{pidFile}' && CION_CONFIG= TMPDIR='{_tmp}' exec env --default-signal=INT '{Binaries.Cion}' run");
        Wait.Until(() => running.Output.Contains("BUILD-IS-RUNNING") || running.HasExited, "the build to start");
        Assert.That(Leftovers("ps", "-a"), Has.Count.EqualTo(2), running.Output);

        Shell.Check("kill", ["-INT", File.ReadAllText(pidFile).Trim()]);

        Assert.That(running.WaitForExit(), Is.EqualTo(130), running.Output);
        Assert.That(running.Output, Does.Contain("cion run: interrupted"));
    }

    private Shell.Result Run(string dir, params string[] args) =>
        Shell.Run(Binaries.Cion, args, dir, new Dictionary<string, string?> { ["TMPDIR"] = _tmp, ["CION_CONFIG"] = "" });

    private Shell.Result Git(params string[] args) => Shell.Check("git", args, _work, new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "Dev", ["GIT_AUTHOR_EMAIL"] = "dev@example.invalid",
        ["GIT_COMMITTER_NAME"] = "Dev", ["GIT_COMMITTER_EMAIL"] = "dev@example.invalid",
    });

    private void Commit(string cionYml, params (string Path, string Text)[] files)
    {
        File.WriteAllText(Path.Combine(_work, ".cion.yml"), cionYml);
        foreach (var (path, text) in files) File.WriteAllText(Path.Combine(_work, path), text);
        Git("add", "-A");
        Git("commit", "-q", "-m", "config");
    }

    /// <summary>What the runs of this test made in the engine: labelled with an owner inside this test's TMPDIR.</summary>
    private List<string> Leftovers(params string[] command)
    {
        var key = command[0] == "volume" ? "{{.Name}}" : "{{.ID}}";
        var listed = Shell.Check("docker", [.. command, "--filter", $"label={Labels.Owner}", "--format", key + " {{.Label \"" + Labels.Owner + "\"}}"]);
        return [.. listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2 && p[1].StartsWith(_tmp + "/", StringComparison.Ordinal)).Select(p => p[0])];
    }
}
