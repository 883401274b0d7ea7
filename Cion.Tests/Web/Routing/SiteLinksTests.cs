using Cion.Web.Routing;

namespace Cion.Tests.Web.Routing;

public sealed class SiteLinksTests
{
    [TestCase("", "/team/app/-/jobs/J/artifacts/dist/a%20b%3F.txt")]
    [TestCase("/ci", "/ci/team/app/-/jobs/J/artifacts/dist/a%20b%3F.txt")]
    public void Artifact_EscapesEachPart_UnderTheBasePath(string basePath, string expected) =>
        Assert.That(new SiteLinks(basePath).Artifact("team/app", "J", "dist/a b?.txt"), Is.EqualTo(expected));

    [TestCase(null, null, 1, "/ci/team/app")]
    [TestCase("feature/x", null, 1, "/ci/team/app?branch=feature%2Fx")]
    [TestCase("main", "failed", 3, "/ci/team/app?branch=main&status=failed&page=3")]
    [TestCase(null, null, 2, "/ci/team/app?page=2")]
    public void RepoFiltered_PutsOnlyTheFiltersGiven_IntoTheQuery(string? branch, string? status, int page, string expected) =>
        Assert.That(new SiteLinks("/ci").RepoFiltered("team/app", branch, status, page), Is.EqualTo(expected));

    [Test]
    public void Links_ThatAParserReadsBack_NameTheSameJob()
    {
        var links = new SiteLinks("");
        var parsed = RepoPath.Parse(Uri.UnescapeDataString(links.Log("team/app", "20261124-200417.123456-1a2b3c4-9f3e", "release")));

        Assert.That(parsed, Is.EqualTo(new RepoPath(RepoPathKind.Log, "team/app", "20261124-200417.123456-1a2b3c4-9f3e", "release")));
    }

    [TestCase("team/app", "/badge/team/app.svg")]
    [TestCase("my app", "/badge/my%20app.svg")]
    public void Badge_IsTheRepoNameWithSvgAppended(string repo, string expected) =>
        Assert.That(new SiteLinks("").Badge(repo), Is.EqualTo(expected));
}
