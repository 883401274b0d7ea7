using Cion.Core.Git;

namespace Cion.Tests.Git;

public sealed class BranchGlobTests
{
    [TestCase("main", "main", true)]
    [TestCase("main", "main2", false)]
    [TestCase("release/*", "release/1.2", true)]
    [TestCase("release/*", "release/1/hotfix", false)]
    [TestCase("release/**", "release/1/hotfix", true)]
    [TestCase("v?", "v1", true)]
    [TestCase("v?", "v10", false)]
    [TestCase("a.b", "axb", false)]
    public void Matches_FollowsTheDocumentedGlobRules(string glob, string branch, bool matches) =>
        Assert.That(BranchGlob.Matches(glob, branch), Is.EqualTo(matches));
}
