using Cion.Core.Config;
using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class ReleaseDecisionTests
{
    private static readonly StepConfig DefaultBranchOnly = new() { Image = "deployer", Docker = DockerRequest.None };

    [TestCase("main", null)]
    [TestCase("feature/x", "branch feature/x is not the default branch main")]
    [TestCase("", "not a branch")]
    public void SkipReason_ReleasesOnlyTheDefaultBranch_WhenNoBranchesAreGiven(string branch, string? reason) =>
        Assert.That(ReleaseDecision.SkipReason(DefaultBranchOnly, branch, () => "main"), Is.EqualTo(reason));

    [TestCase("release/1.2", null)]
    [TestCase("prod", null)]
    [TestCase("main", "branch main matches no release.branches")]
    public void SkipReason_FollowsReleaseBranches_WhenGiven(string branch, string? reason)
    {
        var step = DefaultBranchOnly with { Branches = ["release/*", "prod"] };
        Assert.That(ReleaseDecision.SkipReason(step, branch, () => throw new AssertionException("not needed")), Is.EqualTo(reason));
    }

    [Test]
    public void SkipReason_SaysSo_WhenThereIsNoReleaseStep() =>
        Assert.That(ReleaseDecision.SkipReason(null, "main", () => "main"), Is.EqualTo("no release step"));
}
