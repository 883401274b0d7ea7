using System.Net;
using System.Text.RegularExpressions;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>What the pages show, read from real jobs' files; and that every link works under a proxy's sub-path.</summary>
[Category("EndToEnd")]
public sealed partial class WebPagesTests : WebSiteFixture
{
    [Test]
    public void Overview_ShowsEachBranchesNewestJob_AndWhatIsDeployed()
    {
        var page = Web.Get("").Body;

        Assert.That(page, Does.Contain("data-repo=\"team/app\""));
        Assert.That(page, Does.Match("data-branch=\"main\" data-status=\"succeeded\"[^$]*the main commit"));
        Assert.That(page, Does.Match("data-branch=\"broken\" data-status=\"failed\"[^$]*a broken commit"));
        Assert.That(page, Does.Contain($"href=\"/{JobUrl(Main)}\"").And.Contain($"href=\"/{JobUrl(Broken)}\""));
        Assert.That(page, Does.Match("data-environment=\"production\">[^$]*" + MainSha[..7]));
    }

    [Test]
    public void RepoPage_FiltersByStatusAndBranch()
    {
        var failed = Web.Get("team/app?status=failed").Body;
        var main = Web.Get("team/app?branch=main").Body;

        Assert.That(failed, Does.Contain(Broken).And.Not.Contain($"data-job=\"{Main}\""));
        Assert.That(main, Does.Contain($"data-job=\"{Main}\"").And.Not.Contain($"data-job=\"{Broken}\""));
        Assert.That(Web.Get("team/app?status=nonsense").Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Web.Get("team/nope").Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void JobPage_ShowsFieldsTimingsLogsAndArtifactSizes()
    {
        var page = Web.Get(JobUrl(Main)).Body;

        Assert.That(page, Does.Contain("status-succeeded").And.Contain(MainSha).And.Contain("the main commit").And.Contain("refs/heads/main"));
        Assert.That(page, Does.Match("<th>checkout</th><td>\\d+ ms</td>").And.Match("<th>build</th><td>"));
        Assert.That(page, Does.Contain("id=\"log-build\"").And.Contain("id=\"log-release\"").And.Contain("deployed"));
        Assert.That(page, Does.Match(">dist/app.txt</a></td><td class=\"size\">10 B<"));
        Assert.That(Web.Get($"{JobUrl(Main)}/logs/build").Body, Does.Contain("<script>alert(1)</script>"), "the plain log is the file itself");
        Assert.That(Web.Get($"{JobUrl(Main)}/logs/build").Header("Content-Type"), Does.StartWith("text/plain"));
    }

    [Test]
    public void DeploymentsPage_ShowsCurrentAndHistory()
    {
        var page = Web.Get("deployments/team/app").Body;

        Assert.That(page, Does.Contain("team/app</a> → production").And.Contain(MainSha).And.Contain($"href=\"/{JobUrl(Main)}\""));
        Assert.That(Web.Get("deployments/team/nope").Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Links_AllStayUnderTheBasePath_WhenConfigured()
    {
        File.AppendAllText(Site.ConfigPath, "web:\n  base_path: /ci/\n");
        try
        {
            using var web = WebProcess.Start(Site.ConfigPath);
            Assert.That(web.BaseUrl, Does.EndWith("/ci/"));
            foreach (var path in new[] { "", "team/app", JobUrl(Main), "deployments" })
                AssertLinksUnder(web.Get(path).Body, "/ci/");
            Assert.That(web.Get("assets/live.js").Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(web.Get($"{JobUrl(Main)}/artifacts/dist/app.txt").Body, Is.EqualTo("app-bytes\n"));
        }
        finally
        {
            File.WriteAllText(Site.ConfigPath, File.ReadAllText(Site.ConfigPath).Replace("web:\n  base_path: /ci/\n", ""));
        }
    }

    [Test]
    public void Links_AllStayUnderTheProxysPrefix_WhenItSendsXForwardedPrefix()
    {
        var (status, response) = RawHttp.Send(Web.Url("/"), "GET", "/" + JobUrl(Main), "X-Forwarded-Prefix: /tools/cion\r\n");

        Assert.That(status, Is.EqualTo(200));
        AssertLinksUnder(response[response.IndexOf("<!DOCTYPE", StringComparison.Ordinal)..], "/tools/cion/");
    }

    private static void AssertLinksUnder(string html, string prefix)
    {
        var links = LinkAttribute().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.That(links, Is.Not.Empty);
        Assert.That(links, Has.All.StartWith(prefix), "every href, src and event stream URL");
    }

    [GeneratedRegex("(?:href|src|action|data-events|data-refresh)=\"(?<url>/[^\"]*)\"")]
    private static partial Regex LinkAttribute();
}
