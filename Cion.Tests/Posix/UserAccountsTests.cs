using Cion.Core.Posix;

namespace Cion.Tests.Posix;

public sealed class UserAccountsTests
{
    [Test]
    public void Find_GivesRootsNameAndGroup()
    {
        var root = UserAccounts.Find(0);

        Assert.That(root.Name, Is.EqualTo("root"));
        Assert.That(root.Groups, Does.Contain(0u));
        Assert.That(root.ToString(), Is.EqualTo("root (uid 0)"));
    }

    [Test]
    public void Find_GivesNoNameAndNoGroups_ForAUidWithoutAnAccount()
    {
        var stranger = UserAccounts.Find(3_999_999_999);

        Assert.That(stranger.Name, Is.Null);
        Assert.That(stranger.Groups, Is.Empty);
        Assert.That(stranger.ToString(), Is.EqualTo("uid 3999999999"));
    }

    [Test]
    public void Find_ListsEverySupplementaryGroup_AsGetentDoes()
    {
        // 'id -G root' reads the same database through NSS.
        var expected = Support.Shell.Check("id", ["-G", "root"]).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse);

        Assert.That(UserAccounts.Find(0).Groups, Is.EquivalentTo(expected));
    }
}
