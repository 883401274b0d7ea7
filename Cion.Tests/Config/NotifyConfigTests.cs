using Cion.Core.Config;

namespace Cion.Tests.Config;

/// <summary><c>notify:</c> in a repository's <c>.cion.yml</c> and the server's <c>cion.yml</c> (<c>NotifyReader</c>).</summary>
public sealed class NotifyConfigTests
{
    private const string Build = "build: {image: b}\n";
    private const string ServerFile = "/etc/cion/cion.yml";

    /// <summary>One notification as a line: image, events, env, secrets, timeout, cmd.</summary>
    private static string Describe(NotifyConfig n) =>
        $"{n.Image} on={string.Join(",", n.On.Select(e => e.ToWord()))} env={string.Join(",", n.Env.Select(kv => $"{kv.Key}={kv.Value}"))}" +
        $" secrets={string.Join(",", n.Secrets)} timeout={n.Timeout.TotalSeconds}" + (n.Cmd is null ? "" : $" cmd={string.Join(" ", n.Cmd)}");

    private static string[] Parse(string yaml) => [.. ConfigParser.Parse(Build + yaml).Notify.Select(Describe)];

    [Test]
    public void Parse_ReadsTheIssuesExample() =>
        Assert.That(Parse("""
            notify:
              - image: team/notify-chat
                on: [failure, fixed]
                env: {CHANNEL: builds}
                secrets: [CHAT_TOKEN]
            """), Is.EqualTo(new[] { "team/notify-chat on=failure,fixed env=CHANNEL=builds secrets=CHAT_TOKEN timeout=60" }));

    // The design document's style: a list of one-key maps is one notification, until the next image.
    [TestCase("notify:\n  - image: a\n  - on: [success]\n  - env: {X: 1}\n  - timeout: 5s\n",
        new[] { "a on=success env=X=1 secrets= timeout=5" })]
    [TestCase("notify:\n  - image: a\n  - on: always\n  - image: b\n  - cmd: echo hi\n",
        new[] { "a on=always env= secrets= timeout=60", "b on=failure,fixed env= secrets= timeout=60 cmd=/bin/sh -c echo hi" })]
    [TestCase("notify:\n  - image: a\n    on: [deployed]\n  - image: b\n",
        new[] { "a on=deployed env= secrets= timeout=60", "b on=failure,fixed env= secrets= timeout=60" })]
    [TestCase("notify: {image: a, on: [failure, failure]}\n", new[] { "a on=failure env= secrets= timeout=60" })]
    [TestCase("notify:\n", new string[0])]
    [TestCase("notify: []\n", new string[0])]
    public void Parse_ReadsEveryForm(string yaml, string[] expected) => Assert.That(Parse(yaml), Is.EqualTo(expected));

    [Test]
    public void Parse_GivesTheSameNotifications_InTheDesignDocumentsFileStyleAndTheMappingStyle()
    {
        var seed = Parse("""
            notify:
              - image: team/notify-chat
              - on: [failure, fixed]
              - env:
                  CHANNEL: builds
              - secrets: [CHAT_TOKEN]
            """);
        var mapping = Parse("notify:\n  - {image: team/notify-chat, on: [failure, fixed], env: {CHANNEL: builds}, secrets: [CHAT_TOKEN]}\n");

        Assert.That(seed, Is.EqualTo(mapping).And.Length.EqualTo(1));
    }

    [TestCase("notify:\n  - on: [failure]\n", ".cion.yml:3: notify[0].image: missing: a notification needs an image to run")]
    [TestCase("notify:\n  - image: a\n    on: [failure, broken]\n", ".cion.yml:4: notify[0].on: 'broken' is not an event (known: failure, fixed, success, deployed, always)")]
    [TestCase("notify:\n  - image: a\n    on: []\n", ".cion.yml:4: notify[0].on: an empty list never runs")]
    [TestCase("notify:\n  - image: a\n    colour: red\n", ".cion.yml:4: notify[0].colour: unknown key (known: image, on, env, cmd, secrets, timeout)")]
    [TestCase("notify:\n  - image: a\n    timeout: soon\n", ".cion.yml:4: notify[0].timeout: expected a duration")]
    [TestCase("notify:\n  - image: a\n    env: {CION_STATUS: ok}\n", ".cion.yml:4: notify[0].env.CION_STATUS: reserved: cion sets this variable itself")]
    [TestCase("notify:\n  - image: a\n    secrets: [CION_URL]\n", ".cion.yml:4: notify[0].secrets: 'CION_URL' is reserved")]
    [TestCase("notify:\n  - image: a\n    env: {T: 1}\n    secrets: [T]\n", ".cion.yml:5: notify[0].secrets: 'T' is also set in env")]
    [TestCase("notify:\n  - image: a\n  - on: [failure]\n  - on: [success]\n", ".cion.yml:5: notify[1].image: missing")]
    [TestCase("notify:\n  - image: 'not an image'\n", ".cion.yml:3: notify[0].image: 'not an image' is not an image reference")]
    [TestCase("notify: chat\n", ".cion.yml:2: notify: expected a list of notifications (- image: NAME), found 'chat'")]
    [TestCase("notify:\n  - chat\n", ".cion.yml:3: notify: expected a notification such as '- image: NAME', found 'chat'")]
    public void Parse_NamesFileLineAndKey_ForBadNotify(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigParser.Parse(Build + yaml));
        Assert.That(error!.Errors.Select(e => e.ToString()), Has.Some.StartsWith(expected), error.Message);
    }

    [Test]
    public void Parse_NamesNotifyAmongTheKnownKeys() =>
        Assert.That(Assert.Throws<ConfigException>(() => ConfigParser.Parse(Build + "notfiy: []\n"))!.Message,
            Does.Contain("unknown key (known: build, test, release, services, cache, notify)"));

    [Test]
    public void ParseServer_ReadsTheSiteWideList_AndThePublicAddress()
    {
        var config = ServerConfigParser.Parse("""
            web: {url: "https://ci.example.com/cion/"}
            notify:
              - image: site/mail
                on: [failure]
                secrets: [SMTP_PASSWORD]
            """, ServerFile);

        Assert.That(config.Notify.Select(Describe), Is.EqualTo(new[] { "site/mail on=failure env= secrets=SMTP_PASSWORD timeout=60" }));
        Assert.That(config.WebUrl, Is.EqualTo("https://ci.example.com/cion"));
    }

    [Test]
    public void ParseServer_HasNoNotificationsNorAddress_ByDefault()
    {
        var config = ServerConfigParser.Parse("{}\n", ServerFile);
        Assert.That((config.Notify.Count, config.WebUrl), Is.EqualTo((0, (string?)null)));
    }

    [TestCase("notify:\n  - on: [always]\n", "/etc/cion/cion.yml:2: notify[0].image: missing")]
    [TestCase("notify: [{image: a, on: sometimes}]\n", "/etc/cion/cion.yml:1: notify[0].on: 'sometimes' is not an event")]
    [TestCase("web: {url: ci.example.com}\n", "/etc/cion/cion.yml:1: web.url: expected the address people open cion-web at")]
    [TestCase("web: {url: 'ftp://ci.example.com'}\n", "/etc/cion/cion.yml:1: web.url: expected the address")]
    [TestCase("web: {url: 'https://ci.example.com/?a=b'}\n", "/etc/cion/cion.yml:1: web.url: expected the address")]
    public void ParseServer_NamesFileLineAndKey_ForBadNotifyOrAddress(string yaml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ServerConfigParser.Parse(yaml, ServerFile));
        Assert.That(error!.Errors.Select(e => e.ToString()), Has.Some.StartsWith(expected), error.Message);
    }
}
