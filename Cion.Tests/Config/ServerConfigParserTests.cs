using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Tests.Support;

namespace Cion.Tests.Config;

public sealed class ServerConfigParserTests
{
    private const string File = "/etc/cion/cion.yml";

    [Test]
    public void Parse_GivesTheDocumentedDefaults_ForAnEmptyMap()
    {
        var config = ServerConfigParser.Parse("{}\n", File);

        Assert.That(config.Spool, Is.EqualTo("/var/spool/cion"));
        Assert.That(config.State, Is.EqualTo("/var/lib/cion"));
        Assert.That(config.Repos, Is.EqualTo(new[] { "/srv/git" }));
        Assert.That(config.Docker, Is.EqualTo("unix:///var/run/docker.sock"));
        Assert.That(config.Concurrency, Is.EqualTo(2));
        Assert.That(config.Log, Is.EqualTo("/var/log/cion"));
        Assert.That(config.DindImage, Is.EqualTo("docker:dind"));
        Assert.That(config.DindRootlessImage, Is.EqualTo("docker:dind-rootless"));
        Assert.That(config.DindProfile, Is.EqualTo(EngineProfile.Auto));
        Assert.That(config.DindReadySeconds, Is.EqualTo(60));
        Assert.That(config.ServicesAllowPrivileged, Is.False);
        Assert.That(config.DindTrusted, Is.Empty, "no repo gets a root engine unless named: every repo gets the rootless one");
        Assert.That((config.BuildTimeout, config.ReleaseTimeout, config.WaitTimeout),
            Is.EqualTo((TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromMinutes(10))));
        Assert.That(config.SourceFile, Is.EqualTo(File));
    }

    [Test]
    public void Parse_ReadsEveryKey()
    {
        var config = ServerConfigParser.Parse("""
            spool: /s
            state: /st
            repos: [/a, /b/]
            docker: tcp://127.0.0.1:2375
            concurrency: 4
            log: /l
            dind: {image: my/dind:1, rootless_image: my/rootless:1, profile: capabilities, args: [--mtu=1400], ready_timeout: 30, preload: [busybox], trusted: [team/*]}
            services: {allow_privileged: true}
            timeouts: {build: 20m, release: 5m}
            wait_timeout: 30s
            """, File);

        Assert.That(config, Is.EqualTo(new ServerConfig
        {
            SourceFile = File, Spool = "/s", State = "/st", Repos = config.Repos, Docker = "tcp://127.0.0.1:2375",
            Concurrency = 4, Log = "/l", DindImage = "my/dind:1", DindRootlessImage = "my/rootless:1", DindProfile = EngineProfile.Capabilities,
            DindArgs = config.DindArgs, DindReadySeconds = 30, DindPreload = config.DindPreload, DindTrusted = config.DindTrusted,
            ServicesAllowPrivileged = true,
            BuildTimeout = TimeSpan.FromMinutes(20), ReleaseTimeout = TimeSpan.FromMinutes(5), WaitTimeout = TimeSpan.FromSeconds(30),
        }));
        Assert.That(config.DindArgs, Is.EqualTo(new[] { "--mtu=1400" }));
        Assert.That(config.DindPreload, Is.EqualTo(new[] { "busybox" }));
        Assert.That(config.DindTrusted, Is.EqualTo(new[] { "team/*" }));
        Assert.That(config.Repos, Is.EqualTo(new[] { "/a", "/b" }));
    }

    [Test]
    public void Parse_ResolvesRelativePaths_AgainstTheConfigFilesFolder()
    {
        var config = ServerConfigParser.Parse("spool: spool\nstate: ../state\nrepos: git\n", "/srv/cion/cion.yml");

        Assert.That(config.Spool, Is.EqualTo("/srv/cion/spool"));
        Assert.That(config.State, Is.EqualTo("/srv/state"));
        Assert.That(config.Repos, Is.EqualTo(new[] { "/srv/cion/git" }));
    }

    [TestCase("spool: /s\nconcurency: 2\n", "/etc/cion/cion.yml:2: concurency: unknown key")]
    [TestCase("concurrency: lots\n", "/etc/cion/cion.yml:1: concurrency: expected a whole number from 1 to 256, found 'lots'")]
    [TestCase("concurrency: 0\n", "/etc/cion/cion.yml:1: concurrency: expected a whole number from 1 to 256, found '0'")]
    [TestCase("repos: {a: b}\n", "/etc/cion/cion.yml:1: repos: expected a list of strings, found a map")]
    [TestCase("dind:\n  imag: x\n", "/etc/cion/cion.yml:2: dind.imag: unknown key")]
    [TestCase("dind: {profile: root}\n", "/etc/cion/cion.yml:1: dind.profile: expected auto, rootless, privileged or capabilities, found 'root'")]
    [TestCase("dind: {rootless_image: [a]}\n", "/etc/cion/cion.yml:1: dind.rootless_image: expected a string, found a list")]
    [TestCase("services:\n  allow_privileged: maybe\n", "/etc/cion/cion.yml:2: services.allow_privileged: expected true or false, found 'maybe'")]
    [TestCase("spool: [a\n", "/etc/cion/cion.yml:2: not valid YAML")]
    [TestCase("", "/etc/cion/cion.yml: the file is empty")]
    [TestCase("keep: {runs: 0}\n", "/etc/cion/cion.yml:1: keep.runs: expected a whole number from 1 to 1000000, found '0'")]
    [TestCase("log_limit: lots\n", "/etc/cion/cion.yml:1: log_limit: expected a size such as 50M or 1G, found 'lots'")]
    [TestCase("- spool\n", "/etc/cion/cion.yml:1: expected a map of settings, found a list")]
    [TestCase("web:\n  port: 80\n", "/etc/cion/cion.yml:2: web.port: unknown key (known: listen, base_path, url)")]
    [TestCase("web: {listen: 8070}\n", "/etc/cion/cion.yml:1: web.listen: expected HOST:PORT")]
    [TestCase("web: {listen: 'localhost:8070'}\n", "/etc/cion/cion.yml:1: web.listen: 'localhost' is not an IP address")]
    [TestCase("web: {listen: '127.0.0.1:70000'}\n", "/etc/cion/cion.yml:1: web.listen: '70000' is not a port")]
    [TestCase("web: {base_path: ci}\n", "/etc/cion/cion.yml:1: web.base_path: expected a path starting with /")]
    [TestCase("web: {base_path: /ci/../etc}\n", "/etc/cion/cion.yml:1: web.base_path: '/ci/../etc' has a . or .. part")]
    [TestCase("web: {base_path: '/c i'}\n", "/etc/cion/cion.yml:1: web.base_path: '/c i' has a character")]
    [TestCase("dind:\n  trusted: {team: app}\n", "/etc/cion/cion.yml:2: dind.trusted: expected a list of repository globs such as [team/*, infra/**], found a map")]
    [TestCase("dind:\n  trusted:\n", "/etc/cion/cion.yml:2: dind.trusted: expected a list of repository globs such as [team/*, infra/**], found nothing")]
    [TestCase("dind:\n  trusted: [team/*, [a]]\n", "/etc/cion/cion.yml:2: dind.trusted[1]: expected a string, found a list")]
    [TestCase("dind:\n  trusted:\n    - team/*\n    - /srv/git/infra/*\n", "/etc/cion/cion.yml:4: dind.trusted[1]: '/srv/git/infra/*' is a path")]
    [TestCase("dind:\n  trusted: ['']\n", "/etc/cion/cion.yml:2: dind.trusted[0]: an empty glob matches no repository")]
    [TestCase("dind: {trusted: team/}\n", "/etc/cion/cion.yml:1: dind.trusted: 'team/' ends with '/'")]
    [TestCase("dind: {trusted: [team/app.git]}\n", "/etc/cion/cion.yml:1: dind.trusted[0]: 'team/app.git' ends with .git")]
    [TestCase("dind:\n  trust: [team/*]\n", "/etc/cion/cion.yml:2: dind.trust: unknown key (known: image, rootless_image, profile, args, ready_timeout, preload, trusted, cache, warm)")]
    [TestCase("dind: {cache: shared}\n", "/etc/cion/cion.yml:1: dind.cache: expected repo, branch or off, found 'shared'")]
    [TestCase("dind: {cache: 1}\n", "/etc/cion/cion.yml:1: dind.cache: expected repo, branch or off, found '1'")]
    [TestCase("dind: {cache: true}\n", "/etc/cion/cion.yml:1: dind.cache: expected repo, branch or off, found 'true'")]
    [TestCase("dind:\n  cache: [repo]\n", "/etc/cion/cion.yml:2: dind.cache: expected a string, found a list")]
    [TestCase("dind:\n  cache:\n    volumes: 0\n", "/etc/cion/cion.yml:3: dind.cache.volumes: expected a whole number from 1 to 256, found '0'")]
    [TestCase("dind:\n  image: x\n  cache:\n    scope: repo\n    max_size: huge\n", "/etc/cion/cion.yml:5: dind.cache.max_size: expected a size such as 50M or 1G, found 'huge'")]
    [TestCase("dind: {cache: {max_size: 0}}\n", "/etc/cion/cion.yml:1: dind.cache.max_size: expected a size such as 50M or 1G, found '0'")]
    [TestCase("dind:\n  cache:\n    scope: shared\n", "/etc/cion/cion.yml:3: dind.cache.scope: expected repo, branch or off, found 'shared'")]
    [TestCase("dind:\n  cache:\n    scope: {repo: 1}\n", "/etc/cion/cion.yml:3: dind.cache.scope: expected repo, branch or off, found a map")]
    [TestCase("dind:\n  cache:\n    size: 1G\n", "/etc/cion/cion.yml:3: dind.cache.size: unknown key (known: scope, volumes, max_size)")]
    [TestCase("dind:\n  cache_volumes: 2\n", "/etc/cion/cion.yml:2: dind.cache_volumes: unknown key")]
    [TestCase("dind:\n  cache_max_size: 20G\n", "/etc/cion/cion.yml:2: dind.cache_max_size: unknown key")]
    public void Parse_NamesFileLineAndKey_WhenTheConfigIsWrong(string text, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ServerConfigParser.Parse(text, File));
        Assert.That(error!.Message, Does.StartWith(expected));
    }

    [TestCase("{}", "127.0.0.1:8070", "")]
    [TestCase("web: {listen: '0.0.0.0:80'}", "0.0.0.0:80", "")]
    [TestCase("web: {listen: '[::1]:8070', base_path: /ci/}", "[::1]:8070", "/ci")]
    [TestCase("web: {base_path: /}", "127.0.0.1:8070", "")]
    public void Parse_ReadsTheWebSection(string text, string listen, string basePath)
    {
        var config = ServerConfigParser.Parse(text + "\n", File);

        Assert.That((config.WebListen, config.WebBasePath), Is.EqualTo((listen, basePath)));
    }

    [TestCase("{}", new string[0])]
    [TestCase("dind: {image: x}", new string[0])]
    [TestCase("dind: {trusted: []}", new string[0])]
    [TestCase("dind: {trusted: [team/*, 'infra/**', solo]}", new[] { "team/*", "infra/**", "solo" })]
    [TestCase("dind: {trusted: 'team/*'}", new[] { "team/*" })]
    [TestCase("dind:\n  trusted:\n    - team/app\n    - '**'", new[] { "team/app", "**" })]
    public void Parse_ReadsDindTrusted(string text, string[] trusted) =>
        Assert.That(ServerConfigParser.Parse(text + "\n", File).DindTrusted, Is.EqualTo(trusted));

    [TestCase("{}", CacheScope.Repo, 2, null)]
    [TestCase("concurrency: 5", CacheScope.Repo, 5, null)]
    [TestCase("concurrency: 5\ndind: {cache: {volumes: 1}}", CacheScope.Repo, 1, null)]
    [TestCase("dind: {cache: {scope: branch, max_size: 20G}}", CacheScope.Branch, 2, 20L << 30)]
    [TestCase("dind:\n  cache:\n    scope: REPO\n    volumes: 3\n    max_size: 512M", CacheScope.Repo, 3, 512L << 20)]
    [TestCase("dind: {cache: {scope: off, volumes: 4}}", CacheScope.Off, 4, null)]
    [TestCase("dind: {cache: {max_size: 1G}}", CacheScope.Repo, 2, 1L << 30)]
    [TestCase("dind: {cache: branch}", CacheScope.Branch, 2, null)]
    [TestCase("dind: {cache: off}", CacheScope.Off, 2, null)]
    [TestCase("dind: {cache: 'off'}", CacheScope.Off, 2, null)]
    [TestCase("dind: {cache: false}", CacheScope.Off, 2, null)]
    public void Parse_ReadsTheLayerCache_WithVolumesDefaultingToConcurrency(string text, CacheScope scope, int volumes, long? maxSize)
    {
        var config = ServerConfigParser.Parse(text + "\n", File);

        Assert.That((config.DindCache, config.CacheVolumes, config.DindCacheMaxSize), Is.EqualTo((scope, volumes, maxSize)));
    }

    [Test]
    public void Parse_TrustsNoRepoWithARootEngine_WithThePackagesConfig_AndNamesOnlyTheRepos_OfItsCommentedExample()
    {
        var packaged = System.IO.File.ReadAllText(Path.Combine(Binaries.RepoRoot, "packaging", "debian", "cion.yml"));
        var exampleLine = packaged.Split('\n').Single(l => l.StartsWith("#   trusted: [team/", StringComparison.Ordinal));

        Assert.That(ServerConfigParser.Parse(packaged, File).DindTrusted, Is.Empty);
        Assert.That(ServerConfigParser.Parse("dind:\n" + exampleLine[1..] + "\n", File).DindTrusted, Is.EqualTo(new[] { "team/*", "infra/**" }));
    }

    [TestCase(null, null, "/etc/cion/cion.yml")]
    [TestCase(null, "/from/env.yml", "/from/env.yml")]
    [TestCase("/from/option.yml", "/from/env.yml", "/from/option.yml")]
    public void ResolvePath_PrefersOptionThenEnvironmentThenDefault(string? option, string? env, string expected) =>
        Assert.That(ServerConfigFile.ResolvePath(option, _ => env), Is.EqualTo(expected));
}
