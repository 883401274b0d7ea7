using Cion.Core.Hooks;

namespace Cion.Tests.Hooks;

public sealed class HookConfigKeyTests
{
    private const string GitInit = "[core]\n\trepositoryformatversion = 0\n\tbare = true\n";

    [TestCase(GitInit + "[cion]\n\tconfig = /etc/cion/cion.yml\n", "/etc/cion/cion.yml")]
    [TestCase(GitInit + "[CION]\n\tConfig=/etc/cion/cion.yml\n", "/etc/cion/cion.yml", TestName = "Find_IgnoresCase_OfSectionAndKey")]
    [TestCase("[cion]\n\tconfig = \"/etc/my cion/a;b#c.yml\"\n", "/etc/my cion/a;b#c.yml", TestName = "Find_KeepsQuotedSpacesAndCommentCharacters")]
    [TestCase("[cion]\n\tconfig = \"/etc/\\\"q\\\"\\\\x.yml\"\n", "/etc/\"q\"\\x.yml", TestName = "Find_UnescapesLikeGit")]
    [TestCase("[cion]\n\tconfig = /a.yml ; a comment\n", "/a.yml", TestName = "Find_DropsATrailingComment")]
    [TestCase("[cion]\n\tconfig = /a.yml\n[cion]\n\tconfig = /b.yml\n", "/b.yml", TestName = "Find_TakesTheLast_AsGitDoes")]
    public void Find_ReadsTheRecordedPath(string text, string expected) =>
        Assert.That(HookConfigKey.Find(text), Is.EqualTo(expected));

    [TestCase(GitInit, TestName = "Find_IsNull_WithoutACionSection")]
    [TestCase("[cion \"x\"]\n\tconfig = /a.yml\n", TestName = "Find_IsNull_InASubsection")]
    [TestCase("[receive]\n\tconfig = /a.yml\n", TestName = "Find_IsNull_ForAnotherSectionsKey")]
    [TestCase("", TestName = "Find_IsNull_ForAnEmptyFile")]
    public void Find_IsNull(string text) => Assert.That(HookConfigKey.Find(text), Is.Null);

    [TestCase("hooks/post-receive", true)]
    [TestCase("/srv/git/app.git/hooks/post-receive", true)]
    [TestCase("/usr/lib/cion/cion", false)]
    [TestCase("post-receive.sample", false)]
    public void IsPostReceive_RecognisesGitsHookName(string argv0, bool expected) =>
        Assert.That(HookEntryName.IsPostReceive(argv0), Is.EqualTo(expected));
}
