using Cion.Core.State;
using Cion.Tests.Spool;

namespace Cion.Tests.State;

public sealed class StateLayoutTests
{
    private readonly StateLayout _layout = new("/var/lib/cion");

    [Test]
    public void Run_LivesUnderRepoShaAndRunId()
    {
        var job = JobFileTests.SampleJob();
        Assert.That(_layout.Run(job).Status,
            Is.EqualTo($"/var/lib/cion/jobs/team/app/{job.New}/runs/{job.Id.Value}/status"));
    }

    [TestCase("main", "sha", "../sha")]
    [TestCase("feature/x", "sha", "../../sha")]
    [TestCase("a/b/c", "sha", "../../../sha")]
    public void BranchLinkTarget_ClimbsOutOfTheBranchFolders(string branch, string sha, string expected) =>
        Assert.That(StateLayout.BranchLinkTarget(branch, sha), Is.EqualTo(expected));

    [TestCase("../etc")]
    [TestCase("/etc")]
    [TestCase("team/../../etc")]
    [TestCase("team//app")]
    [TestCase("")]
    public void RepoDir_Refuses_ANameThatWouldLeaveTheStateDirectory(string repo) =>
        Assert.Throws<ArgumentException>(() => _layout.RepoDir(repo));
}
