using Cion.Core.Git;
using Cion.Core.Queries;
using Cion.Core.State;
using Cion.Tests.Support;

namespace Cion.Tests.State;

public sealed class CommitFileTests
{
    [Test]
    public void Format_WritesOneLinePerKey_EvenForAMultiLineSubject()
    {
        var text = CommitFile.Format(new CommitInfo("Ada\nLovelace", "ada@example.invalid",
            new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(1)), "fix: the\r\nthing"));

        Assert.That(text, Is.EqualTo("author=Ada Lovelace\nauthor_email=ada@example.invalid\nauthored_at=2026-12-04T10:00:00+01:00\nsubject=fix: the thing\n"));
        Assert.That(KeyValueText.Parse(text)[CommitFile.SubjectKey], Is.EqualTo("fix: the thing"));
    }

    [Test]
    public void Read_GivesNoValues_WhenTheRunHasNoCommitFileYet()
    {
        using var dir = TempDir.ForCaller();

        Assert.That(CommitFile.Read(new RunPaths(dir.Path)), Is.Empty);
    }
}
