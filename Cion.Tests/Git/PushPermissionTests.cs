using Cion.Core.Git;
using Cion.Core.Posix;

namespace Cion.Tests.Git;

/// <summary>Who may push, decided from a table of folders as stat(2) gives them; no disk involved.</summary>
public sealed class PushPermissionTests
{
    private const string Repo = "/srv/git/team/app.git";
    private const uint Alice = 1001, Bob = 1002, Team = 2001, Cion = 999, Nobody = 4000;

    private static Account User(uint uid, params uint[] groups) => new(uid, uid == Alice ? "alice" : uid == Bob ? "bob" : null, groups.ToHashSet());

    private static FileStatus Folder(uint uid, uint gid, string octal) => new(uid, gid, 0x4000 | Convert.ToUInt32(octal, 8));

    /// <summary>
    /// /srv/git/team/app.git with objects/, refs/, refs/heads/: the ancestors root's 0755, the
    /// repository's folders all <paramref name="octal"/> and owned by <paramref name="owner"/>:<paramref name="group"/>.
    /// </summary>
    private static Dictionary<string, FileStatus> Tree(uint owner, uint group, string octal)
    {
        var tree = new[] { "/", "/srv", "/srv/git", "/srv/git/team" }.ToDictionary(p => p, _ => Folder(0, 0, "0755"));
        foreach (var inRepo in new[] { "", "/objects", "/refs", "/refs/heads" }) tree[Repo + inRepo] = Folder(owner, group, octal);
        return tree;
    }

    private static string? Refusal(Account who, Dictionary<string, FileStatus> tree, string refName = "refs/heads/main") =>
        PushPermission.Refusal(who, Repo, refName, tree);

    // One row per case: the pusher's uid and groups, the repository's owner, group and mode.
    [TestCase(Alice, new[] { Alice }, Alice, Alice, "0755", TestName = "Refusal_IsNull_ForTheOwnerOfAPlainRepo")]
    [TestCase(Bob, new[] { Bob, Cion }, Alice, Cion, "2775", TestName = "Refusal_IsNull_ForAMemberOfASharedRepositorysGroup")]
    [TestCase(Bob, new[] { Bob, Cion }, Alice, Cion, "2770", TestName = "Refusal_IsNull_ForAMemberOfAGroupOnlyRepo")]
    [TestCase(Nobody, new uint[0], Alice, Team, "0777", TestName = "Refusal_IsNull_ForAnyone_WhenOthersMayWrite")]
    [TestCase(0u, new uint[0], Alice, Alice, "0700", TestName = "Refusal_IsNull_ForRoot_WhateverTheBits")]
    public void Refusal_IsNull_WhenGitCouldPush(uint uid, uint[] groups, uint owner, uint group, string octal) =>
        Assert.That(Refusal(User(uid, groups), Tree(owner, group, octal)), Is.Null);

    [TestCase(Bob, new[] { Bob }, Alice, Alice, "0755", "bob (uid 1002) may not write in /srv/git/team/app.git (0755 1001:1001)",
        TestName = "Refusal_NamesTheRepoFolder_ForAnotherUser")]
    [TestCase(Bob, new[] { Bob, Team }, Alice, Cion, "2775", "bob (uid 1002) may not write in /srv/git/team/app.git (2775 1001:999)",
        TestName = "Refusal_NamesTheRepoFolder_ForANonMemberOfItsGroup")]
    [TestCase(Bob, new[] { Bob, Cion }, Alice, Cion, "2755", "may not write in /srv/git/team/app.git (2755 1001:999)",
        TestName = "Refusal_NamesTheRepoFolder_ForAMember_WhenTheGroupMayNotWrite")]
    [TestCase(Alice, new[] { Alice, Team }, Alice, Team, "0575", "alice (uid 1001) may not write in /srv/git/team/app.git (0575 1001:2001)",
        TestName = "Refusal_AppliesTheOwnersBitsToTheOwner_EvenWhenItsGroupMayWrite")]
    [TestCase(Bob, new[] { Bob, Team }, Alice, Team, "0707", "may not write in /srv/git/team/app.git (0707 1001:2001)",
        TestName = "Refusal_AppliesTheGroupsBitsToAMember_EvenWhenOthersMayWrite")]
    [TestCase(Nobody, new uint[0], Alice, Alice, "0755", "uid 4000 may not write in",
        TestName = "Refusal_NamesTheUid_OfAUserWithoutAnAccount")]
    public void Refusal_SaysWhichFolder_WhenGitCouldNotPush(uint uid, uint[] groups, uint owner, uint group, string octal, string expected) =>
        Assert.That(Refusal(User(uid, groups), Tree(owner, group, octal)), Does.Contain(expected));

    [TestCase("/srv/git/team/app.git/objects")]
    [TestCase("/srv/git/team/app.git/refs/heads")]
    public void Refusal_NamesTheFolder_ThatAPushWritesAndTheUserMayNot(string closed)
    {
        var tree = Tree(Alice, Cion, "2775");
        tree[closed] = Folder(Alice, Alice, "0755");

        Assert.That(Refusal(User(Bob, Bob, Cion), tree), Does.EndWith($"may not write in {closed} (0755 1001:1001)"));
    }

    [Test]
    public void Refusal_IsNull_WhenOnlyRefsItselfIsClosed_BecauseGitWritesInRefsHeads()
    {
        var tree = Tree(Alice, Cion, "2775");
        tree[Repo + "/refs"] = Folder(Alice, Alice, "0755");

        Assert.That(Refusal(User(Bob, Bob, Cion), tree), Is.Null, "refs/ only needs to be entered");
    }

    [Test]
    public void Refusal_JudgesTheDeepestExistingFolderOfANewRef()
    {
        var tree = Tree(Alice, Cion, "2775");
        Assert.That(Refusal(User(Bob, Bob, Cion), tree, "refs/heads/feature/x"), Is.Null, "git makes refs/heads/feature in refs/heads");

        tree[Repo + "/refs/heads/feature"] = Folder(Alice, Alice, "0755");
        Assert.That(Refusal(User(Bob, Bob, Cion), tree, "refs/heads/feature/x"), Does.EndWith("may not write in /srv/git/team/app.git/refs/heads/feature (0755 1001:1001)"));
    }

    [Test]
    public void Refusal_NamesAnAncestorTheUserMayNotEnter()
    {
        var tree = Tree(Bob, Bob, "0755");
        tree["/srv/git/team"] = Folder(0, Team, "0750");

        Assert.That(Refusal(User(Bob, Bob), tree), Is.EqualTo("bob (uid 1002) may not enter /srv/git/team (0750 0:2001)"));
        Assert.That(Refusal(User(Bob, Bob, Team), tree), Is.Null, "a member of the folder's group may enter it");
    }

    [Test]
    public void Refusal_SaysSo_WhenARepositoryFolderIsMissingOrAFile()
    {
        var tree = Tree(Alice, Alice, "0755");
        tree.Remove(Repo + "/objects");
        Assert.That(Refusal(User(Alice, Alice), tree), Is.EqualTo("/srv/git/team/app.git/objects does not exist"));

        tree[Repo + "/objects"] = new FileStatus(Alice, Alice, 0x8000 | Convert.ToUInt32("0644", 8));
        Assert.That(Refusal(User(Alice, Alice), tree), Is.EqualTo("/srv/git/team/app.git/objects is not a folder"));
    }

    [Test]
    public void PathsToLook_AreTheAncestorsTheRepoObjectsAndTheRefsFolders() =>
        Assert.That(PushPermission.PathsToLook(Repo, "refs/heads/a/b"), Is.EqualTo(new[]
        {
            "/", "/srv", "/srv/git", "/srv/git/team", Repo, Repo + "/objects", Repo + "/refs", Repo + "/refs/heads", Repo + "/refs/heads/a",
        }));
}
