using Cion.Core.Config;

namespace Cion.Tests.Config;

public sealed class JobPageUrlTests
{
    [TestCase("https://ci.example.com/cion", "team/app", "https://ci.example.com/cion/team/app/-/jobs/ID")]
    [TestCase("http://ci", "a b/c#d", "http://ci/a%20b/c%23d/-/jobs/ID")]
    [TestCase("", "team/app", "/team/app/-/jobs/ID")]
    public void For_IsTheWebPagesOwnJobLink_UnderTheGivenAddress(string site, string repo, string expected) =>
        Assert.That(JobPageUrl.For(site, repo, "ID"), Is.EqualTo(expected));

    [TestCase("https://ci.example.com", true)]
    [TestCase("http://10.0.0.1:8070/ci/", true)]
    [TestCase("ci.example.com", false)]
    [TestCase("/ci", false)]
    [TestCase("https://ci.example.com/#x", false)]
    public void UrlError_AcceptsOnlyAnAbsoluteHttpAddress(string text, bool accepted) =>
        Assert.That(JobPageUrl.UrlError(text) is null, Is.EqualTo(accepted));
}
