using Cion.Core.LocalRuns;

namespace Cion.Tests.LocalRuns;

public sealed class WorkingCopyTests
{
    [TestCase("/home/u/app", "/home/u/app/.git", "/home/u/app")]
    [TestCase("/home/u/app/src/lib", "/home/u/app/.git", "/home/u/app")]
    [TestCase("/home/u/app/sub", "/home/u/app/sub/.git|/home/u/app/.git", "/home/u/app/sub")]
    [TestCase("/", "/.git", "/")]
    [TestCase("/home/u/notes", "/home/u/app/.git", null)]
    [TestCase("/home/u/app", "", null)]
    public void FindRoot_FindsTheNearestFolderWithGit(string start, string gits, string? expected)
    {
        var existing = gits.Split('|', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.That(WorkingCopy.FindRoot(start, existing.Contains), Is.EqualTo(expected));
    }
}
