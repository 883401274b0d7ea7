using Cion.Web.Routing;

namespace Cion.Tests.Web.Routing;

internal sealed class RepoPathTests
{
    [TestCase("/team/app", RepoPathKind.Repo, "team/app", null, null)]
    [TestCase("/app", RepoPathKind.Repo, "app", null, null)]
    [TestCase("/team/app/-/jobs/20261124-200417.123456-1a2b3c4-9f3e", RepoPathKind.Job, "team/app", "20261124-200417.123456-1a2b3c4-9f3e", null)]
    [TestCase("/team/app/-/jobs/ID/events", RepoPathKind.JobEvents, "team/app", "ID", null)]
    [TestCase("/team/app/-/jobs/ID/logs/build", RepoPathKind.Log, "team/app", "ID", "build")]
    [TestCase("/team/app/-/jobs/ID/artifacts/dist/app.tar.gz", RepoPathKind.Artifact, "team/app", "ID", "dist/app.tar.gz")]
    [TestCase("/a/b/c/-/jobs/ID/artifacts/x", RepoPathKind.Artifact, "a/b/c", "ID", "x")]
    public void Parse_ReadsRepoJobAndWhatFollows(string path, RepoPathKind kind, string repo, string? job, string? rest) =>
        Assert.That(RepoPath.Parse(path), Is.EqualTo(new RepoPath(kind, repo, job, rest)));

    [TestCase("")]
    [TestCase("team/app")]
    [TestCase("/")]
    [TestCase("/team//app")]
    [TestCase("/team/app/")]
    [TestCase("/team/../etc")]
    [TestCase("/../../etc/passwd")]
    [TestCase("/team/./app")]
    [TestCase("/team/app/-/jobs/ID/artifacts/../../../../etc/shadow")]
    [TestCase("/team/app/-/jobs/ID/artifacts/%2e%2e/secret")]
    [TestCase("/team/app/-/jobs/ID/artifacts/..%2F..%2Fetc")]
    [TestCase("/team%2F..%2F..%2Fetc/-/jobs/ID")]
    [TestCase("/team/app/-/jobs/ID/artifacts/a\\..\\b")]
    [TestCase("/team/app/-/jobs/ID/artifacts/a%5c..%5cb")]
    [TestCase("/team/app/-/jobs/ID/artifacts/")]
    [TestCase("/team/app/-/jobs/ID/artifacts")]
    [TestCase("/team/app/-/jobs/ID/logs/build/x")]
    [TestCase("/team/app/-/jobs/ID/unknown")]
    [TestCase("/team/app/-/jobs")]
    [TestCase("/team/app/-/runs/ID")]
    [TestCase("/-/jobs/ID")]
    [TestCase("/team/app\u0000/x")]
    [TestCase("/team/app\n/x")]
    public void Parse_RefusesPathsThatCouldLeaveTheStateDirectoryOrNameNothing(string path) =>
        Assert.That(RepoPath.Parse(path), Is.Null);
}
