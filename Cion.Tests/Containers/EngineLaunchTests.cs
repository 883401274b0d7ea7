using Cion.Core.Containers;

namespace Cion.Tests.Containers;

/// <summary>Engine images in, the entrypoint and command cion sets out: one row per shape of image.</summary>
public sealed class EngineLaunchTests
{
    private const string Flags = "--host=tcp://0.0.0.0:2375 --host=unix:///var/run/docker.sock --tls=false";
    // The operator's dind.args: they must reach dockerd whatever the image's shape.
    private const string Args = "--mtu=1400 '--label=site=a b'";
    private static readonly EngineSettings Engine = new("my/dind", ["--mtu=1400", "--label=site=a b"], TimeSpan.FromSeconds(30), []);

    private static IReadOnlyList<string> Words(string text) =>
        text.Length == 0 ? [] : [.. System.Text.RegularExpressions.Regex.Matches(text, "'[^']*'|\\S+").Select(m => m.Value.Trim('\''))];

    // No entrypoint: the whole command line is the CMD (cion-test/dind, an image built FROM scratch with dockerd).
    [TestCase("", "dockerd", EngineEntrypoint.None, null, "dockerd " + Flags + " " + Args)]
    [TestCase("", "/bin/sh", EngineEntrypoint.None, null, "dockerd " + Flags + " " + Args)]
    [TestCase("", "", EngineEntrypoint.None, null, "dockerd " + Flags + " " + Args)]
    // The entrypoint is dockerd itself (the image in issue 12): kept up to dockerd, its arguments replaced by cion's.
    [TestCase("dockerd " + Flags, "", EngineEntrypoint.Dockerd, "dockerd", Flags + " " + Args)]
    [TestCase("/usr/bin/dockerd", "--debug", EngineEntrypoint.Dockerd, "/usr/bin/dockerd", Flags + " " + Args)]
    [TestCase("/usr/bin/tini -- dockerd --tlsverify", "", EngineEntrypoint.Dockerd, "/usr/bin/tini -- dockerd", Flags + " " + Args)]
    // An entrypoint script that runs its arguments, like docker:dind's: it gets the whole command line.
    [TestCase("dockerd-entrypoint.sh", "", EngineEntrypoint.Script, "dockerd-entrypoint.sh", "dockerd " + Flags + " " + Args)]
    [TestCase("/sbin/tini -- dockerd-entrypoint.sh", "dockerd", EngineEntrypoint.Script, "/sbin/tini -- dockerd-entrypoint.sh", "dockerd " + Flags + " " + Args)]
    [TestCase("/usr/local/bin/mydockerd", "", EngineEntrypoint.Script, "/usr/local/bin/mydockerd", "dockerd " + Flags + " " + Args)]
    public void For_PutsCionsDockerdCommandLineWhereTheImageRunsIt(string entrypoint, string cmd, EngineEntrypoint shape, string? expectedEntrypoint, string expectedCmd)
    {
        var launch = EngineLaunch.For(new ImageCommand(Words(entrypoint), Words(cmd)), Engine.Command);

        Assert.That(launch.Shape, Is.EqualTo(shape));
        Assert.That(launch.Entrypoint, expectedEntrypoint is null ? Is.Null : Is.EqualTo(Words(expectedEntrypoint)));
        Assert.That(launch.Cmd, Is.EqualTo(Words(expectedCmd)));
    }

    [TestCase("")]
    [TestCase("dockerd --tls=true")]
    [TestCase("dockerd-entrypoint.sh")]
    public void Argv_RunsDockerdWithCionsFlagsAndTheOperatorsArgs_InEveryShape(string entrypoint)
    {
        var argv = EngineLaunch.For(new ImageCommand(Words(entrypoint), []), Engine.Command).Argv;

        var dockerd = argv.ToList().IndexOf("dockerd");
        Assert.That(dockerd, Is.GreaterThanOrEqualTo(0), string.Join(' ', argv));
        Assert.That(argv.Skip(dockerd + 1), Is.EqualTo(Words(Flags + " " + Args)));
    }

    [Test]
    public void ApplyTo_SetsTheEntrypointAndCommand_AndKeepsTheRest()
    {
        var spec = new ContainerSpec { Name = "e", Image = "my/dind", Env = new Dictionary<string, string>(), Mounts = [], Labels = new Dictionary<string, string>(), Cmd = Engine.Command };
        var launch = EngineLaunch.For(new ImageCommand(["dockerd"], []), Engine.Command);

        var applied = launch.ApplyTo(spec);

        Assert.That(applied.Entrypoint, Is.EqualTo(new[] { "dockerd" }));
        Assert.That(applied.Cmd, Is.EqualTo(Engine.Command.Skip(1)));
        Assert.That(applied with { Entrypoint = null, Cmd = spec.Cmd }, Is.EqualTo(spec));
    }

    [Test]
    public void Describe_AndAdvice_SayWhatRanAndHowToFixDindImage()
    {
        var launch = EngineLaunch.For(new ImageCommand(["dockerd-entrypoint.sh"], []), Engine.Command);

        Assert.That(launch.Describe(), Does.StartWith($"dockerd-entrypoint.sh dockerd {Flags} {Args} (").And.Contain("entrypoint dockerd-entrypoint.sh runs"));
        var advice = EngineLaunch.Advice("my/dind", launch.Argv);
        Assert.That(advice, Does.StartWith($"the engine ran: dockerd-entrypoint.sh dockerd {Flags} {Args}\n"));
        Assert.That(advice, Does.Contain("to fix dind.image (my/dind)").And.Contain("dind.args"));
    }
}
