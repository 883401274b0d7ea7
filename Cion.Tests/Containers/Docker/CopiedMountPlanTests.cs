using Cion.Core.Containers;
using Cion.Core.Containers.Docker;

namespace Cion.Tests.Containers.Docker;

public sealed class CopiedMountPlanTests
{
    private static ContainerSpec Spec(params Mount[] mounts) => new()
    {
        Name = "cion-job-1-build",
        Image = "busybox",
        Env = new Dictionary<string, string>(),
        Mounts = mounts,
        Labels = new Dictionary<string, string> { [Labels.Job] = "job-1", [Labels.Step] = "build" },
    };

    [Test]
    public void For_MakesFoldersVolumes_FilesCopies_AndLabelsOnlyWritableFoldersForCopyBack()
    {
        var plan = CopiedMountPlan.For(Spec(
            new Mount("/state/work", "/cion/build", ReadOnly: false),
            new Mount("/state/artifacts", "/cion/artifacts", ReadOnly: true),
            new Mount("/state/result", "/cion/result", ReadOnly: true)), isFile: path => path.EndsWith("result"));

        Assert.That(plan.Spec.Mounts, Is.Empty, "no host path reaches the engine");
        Assert.That(plan.Folders.Select(f => f.Bind), Is.EqualTo(new[]
        {
            $"{CopiedMountPlan.VolumeName("job-1", "/state/work")}:/cion/build:rw,nocopy",
            $"{CopiedMountPlan.VolumeName("job-1", "/state/artifacts")}:/cion/artifacts:ro,nocopy",
        }));
        Assert.That(plan.Files.Select(f => f.ContainerPath), Is.EqualTo(new[] { "/cion/result" }));
        Assert.That(CopyBackLabel.Parse(plan.Spec.Labels[Labels.CopyBack]),
            Is.EqualTo(new[] { new Mount("/state/work", "/cion/build", ReadOnly: false) }));
        Assert.That(plan.Spec.Labels[Labels.Step], Is.EqualTo("build"), "the spec's own labels stay");
    }

    [Test]
    public void For_AddsNoCopyBackLabel_WhenEveryFolderIsReadOnlyOrScratch()
    {
        var plan = CopiedMountPlan.For(Spec(new Mount("/state/artifacts", "/cion/artifacts", ReadOnly: true),
            new Mount("/state/work", "/cion/build", ReadOnly: false, Scratch: true)), isFile: _ => false);
        Assert.That(plan.Spec.Labels.ContainsKey(Labels.CopyBack), Is.False);
        Assert.That(plan.Folders.Select(f => f.Bind.Split(':')[2]), Is.EqualTo(new[] { "ro,nocopy", "rw,nocopy" }), "scratch is still writable");
    }

    [Test]
    public void For_Throws_WhenMountsComeWithoutAJobLabel()
    {
        var spec = Spec(new Mount("/state/work", "/cion/build", ReadOnly: false)) with { Labels = new Dictionary<string, string>() };
        Assert.That(() => CopiedMountPlan.For(spec, _ => false), Throws.InvalidOperationException.With.Message.Contains(Labels.Job));
    }

    [TestCase("job-1", "/state/work", "job-1", "/state/work/", true, TestName = "VolumeName_IsTheSame_WithATrailingSlash")]
    [TestCase("job-1", "/state/work", "job-1", "/state/x/../work", true, TestName = "VolumeName_IsTheSame_ForTheSameFolderSpelledOtherwise")]
    [TestCase("job-1", "/state/work", "job-1", "/state/artifacts", false, TestName = "VolumeName_Differs_ForAnotherFolder")]
    [TestCase("job-1", "/state/work", "job-2", "/state/work", false, TestName = "VolumeName_Differs_ForAnotherJob")]
    public void VolumeName(string jobA, string pathA, string jobB, string pathB, bool same)
    {
        var (a, b) = (CopiedMountPlan.VolumeName(jobA, pathA), CopiedMountPlan.VolumeName(jobB, pathB));
        Assert.That(a == b, Is.EqualTo(same), $"{a} / {b}");
        Assert.That(a, Does.Match($"^cion-{jobA}-copy-[0-9a-f]{{12}}$"));
    }
}
