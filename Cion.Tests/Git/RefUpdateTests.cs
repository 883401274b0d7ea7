using Cion.Core.Git;

namespace Cion.Tests.Git;

public sealed class RefUpdateTests
{
    private const string A = "1111111111111111111111111111111111111111";
    private const string B = "2222222222222222222222222222222222222222";

    [Test]
    public void Parse_ReadsOldNewRef()
    {
        var update = RefUpdate.Parse($"{A} {B} refs/heads/main\n");
        Assert.That(update, Is.EqualTo(new RefUpdate(A, B, "refs/heads/main")));
        Assert.That(update.IsDeletion, Is.False);
    }

    [Test]
    public void IsDeletion_IsTrue_ForTheZeroNewSha() =>
        Assert.That(RefUpdate.Parse($"{A} {RefUpdate.Zero} refs/heads/gone").IsDeletion, Is.True);

    [TestCase("")]
    [TestCase("only two")]
    [TestCase("xyz 2222222222222222222222222222222222222222 refs/heads/main")]
    [TestCase("1111111111111111111111111111111111111111 2222222222222222222222222222222222222222")]
    public void Parse_Refuses_ALineThatIsNotFromGit(string line) =>
        Assert.Throws<FormatException>(() => RefUpdate.Parse(line));
}
