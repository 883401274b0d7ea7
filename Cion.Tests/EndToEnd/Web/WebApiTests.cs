using System.Net;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>The JSON API is the cion command's JSON, byte for byte, and the badges say what the files say.</summary>
[Category("EndToEnd")]
public sealed class WebApiTests : WebSiteFixture
{
    [TestCase("api/jobs", "jobs --json")]
    [TestCase("api/jobs?repo=team/app&status=failed", "jobs team/app --status failed --json")]
    [TestCase("api/jobs?limit=1", "jobs --limit 1 --json")]
    [TestCase("api/deployments", "deployments --json")]
    [TestCase("api/deployments?repo=team/app&env=production", "deployments team/app --env production --json")]
    public void Api_AnswersExactlyWhatTheCommandPrints(string url, string command)
    {
        var api = Web.Get(url);
        var cli = CionCli.Run(Site, command.Split(' '));

        Assert.That(api.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(api.Header("Content-Type"), Does.StartWith("application/json"));
        Assert.That(api.Body, Is.EqualTo(cli.Stdout), cli.Stderr);
    }

    [Test]
    public void Api_AnswersOneJob_AsCionShowDoes()
    {
        var api = Web.Get($"api/jobs/{Main}");
        var cli = CionCli.Run(Site, "show", Main, "--json");

        Assert.That(api.Body, Is.EqualTo(cli.Stdout), cli.Stderr);
        Assert.That(Web.Get("api/jobs/20261124-200417.123456-1a2b3c4-9f3e").Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("badge/team/app.svg", "succeeded")]
    [TestCase("badge/team/app/main.svg", "succeeded")]
    [TestCase("badge/team/app/broken.svg", "failed")]
    public void Badge_SaysTheNewestFinishedJobsStatus_AndIsNeverCached(string url, string status)
    {
        var badge = Web.Get(url);

        Assert.That(badge.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(badge.Header("Content-Type"), Does.StartWith("image/svg+xml"));
        Assert.That(badge.Header("Cache-Control"), Is.EqualTo("no-cache"));
        Assert.That(badge.Body, Does.Contain($">{status}<"));
    }

    [TestCase("badge/team/nope.svg")]
    [TestCase("badge/team/app/nope.svg")]
    [TestCase("badge/team/app")]
    public void Badge_Is404_ForAnUnknownRepoOrBranch(string url) =>
        Assert.That(Web.Get(url).Status, Is.EqualTo(HttpStatusCode.NotFound));

    [Test]
    public void Head_AnswersLikeGet_WithoutABody()
    {
        var head = Web.Send(HttpMethod.Head, "team/app");

        Assert.That(head.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Bytes, Is.Empty);
    }
}
