using Cion.Core.Git;

namespace Cion.Tests.Git;

public sealed class RepoNameTests
{
    [TestCase("/srv/git/team/app.git", "team/app")]
    [TestCase("/srv/git/app.git", "app")]
    [TestCase("/srv/git/app", "app")]
    [TestCase("/srv/git/team/app.git/", "team/app")]
    [TestCase("/other/root/x.git", "x")]
    public void FromPath_IsThePathUnderTheRoot_WithoutDotGit(string path, string expected) =>
        Assert.That(RepoName.FromPath(path, ["/srv/git", "/other/root/"]), Is.EqualTo(expected));

    [TestCase("/srv/gitx/app.git")]
    [TestCase("/srv/git")]
    [TestCase("/tmp/app.git")]
    [TestCase("/srv/git/../etc/app.git")]
    public void FromPath_IsNull_OutsideEveryRoot(string path) =>
        Assert.That(RepoName.FromPath(path, ["/srv/git"]), Is.Null);
}
