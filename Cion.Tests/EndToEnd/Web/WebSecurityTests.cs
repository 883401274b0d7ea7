using System.Net;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>cion-web attacked as a stranger on the network would: methods that write, paths that climb, links that escape, script in logs and artifacts.</summary>
[Category("EndToEnd")]
public sealed class WebSecurityTests : WebSiteFixture
{
    [TestCase("POST", "/")]
    [TestCase("PUT", "/api/jobs")]
    [TestCase("DELETE", "/team/app")]
    [TestCase("PATCH", "/api/deployments")]
    [TestCase("OPTIONS", "/")]
    [TestCase("TRACE", "/")]
    [TestCase("PROPFIND", "/assets/site.css")]
    [TestCase("POST", "/team/app/-/jobs/JOB")]
    [TestCase("DELETE", "/team/app/-/jobs/JOB/artifacts/dist/app.txt")]
    public void Request_IsRefusedWith405_ForAMethodThatWouldWrite(string method, string path)
    {
        var spoolBefore = Site.SpoolFiles("new").Count + Site.SpoolFiles("cancel").Count;
        var (status, response) = RawHttp.Send(Web.Url("/"), method, Web.Url(path.Replace("JOB", Main)).AbsolutePath);

        Assert.That(status, Is.EqualTo(405), response);
        Assert.That(response, Does.Contain("Allow: GET, HEAD"));
        Assert.That(Site.SpoolFiles("new").Count + Site.SpoolFiles("cancel").Count, Is.EqualTo(spoolBefore), "nothing was queued or cancelled");
        Assert.That(File.Exists(Path.Combine(Site.CommitDir(Repo.Name, MainSha), "artifacts", "dist", "app.txt")), Is.True);
    }

    [TestCase("/JOBURL/artifacts/../../job")]
    [TestCase("/JOBURL/artifacts/%2e%2e/%2e%2e/job")]
    [TestCase("/JOBURL/artifacts/..%2f..%2fjob")]
    [TestCase("/JOBURL/artifacts/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2foutside.txt")]
    [TestCase("/JOBURL/artifacts/dist/..%5c..%5cjob")]
    [TestCase("/JOBURL/artifacts//etc/passwd")]
    [TestCase("/JOBURL/artifacts/%2fetc%2fpasswd")]
    [TestCase("/JOBURL/artifacts/passwd-link")]
    [TestCase("/JOBURL/artifacts/root-link/etc/passwd")]
    [TestCase("/JOBURL/artifacts/job-link")]
    [TestCase("/JOBURL/artifacts/dist")]
    [TestCase("/JOBURL/artifacts/dist%00.txt")]
    [TestCase("/JOBURL/logs/..%2fjob")]
    [TestCase("/JOBURL/logs/result")]
    [TestCase("/team/app/-/jobs/..%2f..%2f..%2foutside.txt")]
    [TestCase("/team/%2e%2e/%2e%2e/outside.txt")]
    [TestCase("/..%2f..%2fsecrets/app.env")]
    [TestCase("/%2e%2e/%2e%2e/secrets/app.env")]
    [TestCase("/badge/..%2f..%2fsecrets/app.env.svg")]
    [TestCase("/badge/team/app/..%2f..%2f..%2fsecrets.svg")]
    [TestCase("/deployments/..%2f..%2fsecrets")]
    [TestCase("/deployments/%2e%2e/%2e%2e/secrets")]
    [TestCase("/api/deployments?repo=../../secrets")]
    [TestCase("/api/jobs?repo=../../secrets")]
    [TestCase("/api/jobs/..%2f..%2foutside.txt")]
    [TestCase("/assets/..%2f..%2foutside.txt")]
    [TestCase("http://evil.invalid/../../outside.txt")]
    public void Path_NeverServesAFileOutsideTheRunOrState(string target)
    {
        var (status, response) = RawHttp.Send(Web.Url("/"), "GET", target.Replace("/JOBURL", "/" + JobUrl(Main)));

        Assert.That(status, Is.AnyOf(400, 404), response);
        Assert.That(response, Does.Not.Contain(Secret).And.Not.Contain("root:x:0:0").And.Not.Contain("repo_path="));
    }

    [Test]
    public void JobPage_ListsOnlyTheArtifactsInsideTheRun_AndServesTheLinkThatStaysInside()
    {
        var page = Web.Get(JobUrl(Main)).Body;

        Assert.That(page, Does.Contain(">dist/app.txt<").And.Contain(">page.html<").And.Contain(">inside-link<"));
        Assert.That(page, Does.Not.Contain("passwd-link").And.Not.Contain("root-link").And.Not.Contain("job-link\""));
        Assert.That(Web.Get($"{JobUrl(Main)}/artifacts/inside-link").Body, Is.EqualTo("app-bytes\n"));
    }

    [Test]
    public void Artifact_IsADownload_ThatTheBrowserMustNotSniffOrRender()
    {
        var html = Web.Get($"{JobUrl(Main)}/artifacts/page.html");

        Assert.That(html.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html.Header("Content-Disposition"), Does.StartWith("attachment"));
        Assert.That(html.Header("Content-Type"), Is.EqualTo("application/octet-stream"));
        Assert.That(html.Header("X-Content-Type-Options"), Is.EqualTo("nosniff"));
        Assert.That(html.Body, Is.EqualTo("<html><script>alert(3)</script></html>\n"), "the bytes are served as they are, only not as a page");
    }

    [TestCase("")]
    [TestCase("team/app")]
    [TestCase("deployments")]
    [TestCase("JOBURL")]
    public void Page_SendsAPolicyThatAllowsOnlyItsOwnAssets(string path)
    {
        var page = Web.Get(path.Replace("JOBURL", JobUrl(Main)));

        Assert.That(page.Header("Content-Security-Policy"), Does.Contain("default-src 'none'").And.Contain("script-src 'self'")
            .And.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"));
        Assert.That(page.Header("X-Content-Type-Options"), Is.EqualTo("nosniff"));
        Assert.That(page.Body, Does.Not.Match("<script>|<script [^s]|style=\"|<img src=x"), "no inline script or style, nothing a log line injected");
    }

    [Test]
    public void JobPage_ShowsHostileLogLinesAsText()
    {
        var page = Web.Get(JobUrl(Main)).Body;

        Assert.That(page, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Assert.That(page, Does.Contain("&lt;img src=x onerror=alert(2)&gt;"));
        Assert.That(page, Does.Not.Contain("<script>alert").And.Not.Contain("<img src=x"));
    }

    [Test]
    public void JobPage_ShowsAnsiColoursAsClasses_AndNoEscapeBytes()
    {
        var page = Web.Get(JobUrl(Main)).Body;

        Assert.That(page, Does.Contain("<span class=\"ansi-fg-1\">red</span>").And.Contain("<span class=\"ansi-bold\">bold</span> plain"));
        Assert.That(page, Does.Not.Contain("\u001b"));
    }
}
