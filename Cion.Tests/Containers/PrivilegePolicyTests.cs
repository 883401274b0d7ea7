using Cion.Core.Config;
using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class PrivilegePolicyTests
{
    private const string ServerFile = "/etc/cion/cion.yml";
    private const string EngineBuild = "build: {image: b}\n";
    private const string NoEngine = "build: {image: b, docker: false}\n";
    private const string EngineRelease = "build: {image: b, docker: false}\nrelease: {image: r, docker: true}\n";
    private const string PrivilegedService = "build: {image: b, docker: false}\nservices:\n  helper: {image: h, privileged: true}\n";
    private const string PlainService = "build: {image: b, docker: false}\nservices:\n  db: {image: pg}\n";

    private const string RootBuild = "build: {image: b, docker: root}\n";
    private static readonly EngineDefault Rootless = EngineDefault.For(EngineProfile.Auto, ServerFile);
    private static readonly EngineDefault RootlessFails = EngineDefault.For(EngineProfile.Auto, ServerFile, "service docker exited with code 1 before it was ready");

    /// <summary>Where the server's engines are root ones (the capabilities profile): the rules before issue 13.</summary>
    private static PrivilegePolicy Policy(bool allowPrivileged, params string[] trusted) =>
        new(trusted, allowPrivileged, ServerFile) { DefaultEngine = EngineDefault.For(EngineProfile.Capabilities, ServerFile) };

    /// <returns>The refused keys, in order; empty when the job may run.</returns>
    private static string[] Refused(string yaml, string repo, bool allowPrivileged, params string[] trusted) =>
        [.. Policy(allowPrivileged, trusted).Refusals(repo, ConfigParser.Parse(yaml)).Select(e => e.Key)];

    /// <summary>Which steps' engines a repository is refused, by the engine docker: true gets on the server.</summary>
    [TestCase(EngineBuild, EngineKind.Rootless, new string[0], new string[0])]
    [TestCase(EngineBuild, EngineKind.Root, new string[0], new[] { "build.docker" })]
    [TestCase(EngineBuild, EngineKind.Root, new[] { "team/*" }, new string[0])]
    [TestCase(RootBuild, EngineKind.Rootless, new string[0], new[] { "build.docker" })]
    [TestCase(RootBuild, EngineKind.Rootless, new[] { "team/*" }, new string[0])]
    [TestCase(RootBuild, EngineKind.Root, new[] { "other/*" }, new[] { "build.docker" })]
    [TestCase(RootBuild + "release: {image: r, docker: true}\n", EngineKind.Rootless, new string[0], new[] { "build.docker" })]
    [TestCase("build: {image: b, docker: false}\nrelease: {image: r, docker: root}\n", EngineKind.Rootless, new string[0], new[] { "release.docker" })]
    [TestCase(NoEngine, EngineKind.Root, new string[0], new string[0])]
    public void Refusals_NeedTrust_OnlyForARootEngine(string yaml, EngineKind defaultEngine, string[] trusted, string[] refused)
    {
        var policy = new PrivilegePolicy(trusted, false, ServerFile) { DefaultEngine = defaultEngine == EngineKind.Rootless ? Rootless : RootlessFails };

        Assert.That(policy.Refusals("team/app", ConfigParser.Parse(yaml)).Select(e => e.Key), Is.EqualTo(refused));
    }

    [TestCase(DockerRequest.None, EngineKind.Rootless, null)]
    [TestCase(DockerRequest.Engine, EngineKind.Rootless, EngineKind.Rootless)]
    [TestCase(DockerRequest.Engine, EngineKind.Root, EngineKind.Root)]
    [TestCase(DockerRequest.Root, EngineKind.Rootless, EngineKind.Root)]
    [TestCase(DockerRequest.Root, EngineKind.Root, EngineKind.Root)]
    public void EngineFor_GivesTheServersEngine_ForDockerTrue_AndARootOne_ForDockerRoot(DockerRequest request, EngineKind defaultEngine, EngineKind? expected)
    {
        var policy = new PrivilegePolicy([], false, ServerFile) { DefaultEngine = defaultEngine == EngineKind.Rootless ? Rootless : RootlessFails };

        Assert.That(policy.EngineFor(request), Is.EqualTo(expected));
    }

    [Test]
    public void Refusals_SayWhatDockerTrueGives_WhenARepoAsksForARootEngine()
    {
        var policy = new PrivilegePolicy(["team/*"], false, ServerFile) { DefaultEngine = Rootless };

        Assert.That(policy.Refusals("other/app", ConfigParser.Parse(RootBuild)).Single().ToString(), Is.EqualTo(
            ".cion.yml: build.docker: refused: other/app asks for a root Docker engine (docker: root), which can take over the CI host, " +
            "and is not trusted with one (it matches no glob of dind.trusted in /etc/cion/cion.yml). docker: true gives the build a rootless " +
            "engine, enough unless it runs Docker-in-Docker or kind itself; otherwise ask the admin to add 'other/app' or a glob such as 'other/*' to dind.trusted"));
    }

    [Test]
    public void Refusals_SayWhyTheEngineIsARootOne_WhereRootlessFailsOnTheHost()
    {
        var policy = new PrivilegePolicy([], false, ServerFile) { DefaultEngine = RootlessFails };

        Assert.That(policy.Refusals("other/app", ConfigParser.Parse(EngineBuild)).Single().Message, Does.Contain(
            "(it matches no glob of dind.trusted in /etc/cion/cion.yml; the rootless engine does not work on this host (service docker exited with code 1 " +
            "before it was ready), so dind.profile: auto in /etc/cion/cion.yml falls back to root engines)")
            .And.Contain("set docker: false on it; otherwise ask the admin to make the rootless engine work here (dind.profile: rootless) or to add 'other/app'"));
    }

    [TestCase(EngineBuild, "team/app", false, new[] { "**" }, new string[0])]
    [TestCase(EngineBuild, "team/app", false, new[] { "team/*" }, new string[0])]
    [TestCase(EngineBuild, "other/app", false, new[] { "team/*" }, new[] { "build.docker" })]
    [TestCase(EngineBuild, "team/app", false, new string[0], new[] { "build.docker" })]
    [TestCase(NoEngine, "other/app", false, new string[0], new string[0])]
    [TestCase(EngineRelease, "other/app", false, new[] { "team/*" }, new[] { "release.docker" })]
    [TestCase(EngineBuild + "release: {image: r, docker: true}\n", "x", false, new string[0], new[] { "build.docker", "release.docker" })]
    [TestCase(PlainService, "other/app", false, new string[0], new string[0])]
    [TestCase(PrivilegedService, "team/app", true, new[] { "team/*" }, new string[0])]
    [TestCase(PrivilegedService, "other/app", true, new[] { "team/*" }, new[] { "services.helper.privileged" })]
    [TestCase(PrivilegedService, "team/app", false, new[] { "team/*" }, new[] { "services.helper.privileged" })]
    [TestCase(PrivilegedService, "other/app", false, new[] { "team/*" }, new[] { "services.helper.privileged" })]
    public void Refusals_NameEachKeyTheServerRefusesTheRepo(string yaml, string repo, bool allowPrivileged, string[] trusted, string[] refused) =>
        Assert.That(Refused(yaml, repo, allowPrivileged, trusted), Is.EqualTo(refused));

    [Test]
    public void Refusals_SayWhyAndWhichKeyOfWhichFileFixesIt_ForAnEngine()
    {
        var refusal = Policy(false, "team/*").Refusals("other/app", ConfigParser.Parse(EngineBuild)).Single();

        Assert.That(refusal.ToString(), Is.EqualTo(
            ".cion.yml: build.docker: refused: other/app is not trusted with a Docker engine of its own, which can take over the CI host " +
            "(it matches no glob of dind.trusted in /etc/cion/cion.yml; dind.profile: capabilities in /etc/cion/cion.yml makes every per-job engine a root engine). " +
            "The build gets an engine unless it says docker: false: if the build does not call docker, set docker: false on it; otherwise ask the admin to " +
            "make the rootless engine work here (dind.profile: rootless) or to add 'other/app' or a glob such as 'other/*' to dind.trusted"));
    }

    [TestCase(true, "other/app", "refused: other/app is not trusted with a privileged container, which can take over the CI host (it matches no glob of dind.trusted in /etc/cion/cion.yml): drop privileged: true, or ask the admin to add 'other/app' or a glob such as 'other/*' to dind.trusted")]
    [TestCase(false, "team/app", "refused: this server does not allow privileged services (services.allow_privileged in /etc/cion/cion.yml)")]
    [TestCase(false, "solo", "refused: this server does not allow privileged services (services.allow_privileged in /etc/cion/cion.yml); solo would also need to be in dind.trusted")]
    public void Refusals_SayWhichLeverRefusesAPrivilegedService(bool allowPrivileged, string repo, string message) =>
        Assert.That(Policy(allowPrivileged, "team/*").Refusals(repo, ConfigParser.Parse(PrivilegedService)).Single().Message, Is.EqualTo(message));

    [Test]
    public void Check_Throws_WithEveryRefusal()
    {
        var error = Assert.Throws<ConfigException>(() =>
            Policy(true).Check("other/app", ConfigParser.Parse(EngineBuild + "services:\n  helper: {image: h, privileged: true}\n")));

        Assert.That(error!.Errors.Select(e => e.Key), Is.EqualTo(new[] { "build.docker", "services.helper.privileged" }));
    }

    [Test]
    public void From_TakesTheServersLevers()
    {
        var server = new ServerConfig { SourceFile = "/x/cion.yml", DindTrusted = ["a/*"], ServicesAllowPrivileged = true };

        Assert.That(PrivilegePolicy.From(server, Rootless), Is.EqualTo(new PrivilegePolicy(server.DindTrusted, true, "/x/cion.yml") { DefaultEngine = Rootless }));
    }
}
