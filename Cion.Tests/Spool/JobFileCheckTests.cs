using Cion.Core.Posix;
using Cion.Core.Spool;

namespace Cion.Tests.Spool;

public sealed class JobFileCheckTests
{
    private static readonly string[] Roots = ["/srv/git"];

    [Test]
    public void Problem_IsNull_ForWhatTheHookWrites()
    {
        var job = JobFileTests.SampleJob();
        Assert.That(JobFileCheck.Problem(job, job.RepoPath, Roots), Is.Null);
    }

    [Test]
    public void Problem_AcceptsARepoReachedThroughASymlinkedRoot()
    {
        var job = JobFileTests.SampleJob();
        Assert.That(JobFileCheck.Problem(job, "/data/git/team/app.git", ["/srv/git", "/data/git"]), Is.Null);
    }

    [TestCase("/etc/secrets.git", "team/app", "is not under any repos root")]
    [TestCase("/srv/git/other.git", "team/app", "repo is 'team/app' but repo_path /srv/git/other.git is named 'other'")]
    public void Problem_NamesTheMismatch_ForARepoThatIsNotWhatItClaims(string repoPath, string repo, string expected)
    {
        var job = JobFileTests.SampleJob() with { RepoPath = repoPath, Repo = repo };
        Assert.That(JobFileCheck.Problem(job, repoPath, Roots), Does.Contain(expected));
    }

    [Test]
    public void Problem_SaysSo_WhenTheRepoDoesNotExist() =>
        Assert.That(JobFileCheck.Problem(JobFileTests.SampleJob(), null, Roots), Does.Contain("repo_path does not exist"));

    [TestCase("abc", "refs/heads/main", "new is not a full hex sha")]
    [TestCase("1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d", "main", "ref is not a ref name")]
    [TestCase("1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d", "refs/heads/../../x", "ref is not a ref name")]
    public void Problem_RefusesShasAndRefsGitWouldNotSend(string sha, string @ref, string expected)
    {
        var job = JobFileTests.SampleJob() with { New = sha, Ref = @ref };
        Assert.That(JobFileCheck.Problem(job, job.RepoPath, Roots), Does.StartWith(expected));
    }

    [TestCase("0644")]
    [TestCase("0600")]
    [TestCase("0444")]
    public void TrustProblem_IsNull_ForAFileOnlyItsOwnerMayChange(string octal) =>
        Assert.That(JobFileCheck.TrustProblem(new FileStatus(1001, 999, 0x8000 | Convert.ToUInt32(octal, 8))), Is.Null);

    [TestCase("0664")]
    [TestCase("0646")]
    [TestCase("0666")]
    [TestCase("2660")]
    public void TrustProblem_SaysWhy_ForAFileItsGroupOrOthersMayChange(string octal) =>
        Assert.That(JobFileCheck.TrustProblem(new FileStatus(1001, 999, 0x8000 | Convert.ToUInt32(octal, 8))),
            Is.EqualTo($"not trusted: others than its owner (uid 1001) may change it (mode {octal}); cion writes spool files 0644"));
}
