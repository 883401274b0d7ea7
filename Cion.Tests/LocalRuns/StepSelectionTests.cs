using Cion.Core.LocalRuns;

namespace Cion.Tests.LocalRuns;

public sealed class StepSelectionTests
{
    private static readonly (string, bool)[] BuildAndRelease = [("build", true), ("release", true)];
    private static readonly (string, bool)[] BuildOnly = [("build", true), ("release", false)];
    private static readonly (string, bool)[] AllThree = [("build", true), ("test", true), ("release", true)];
    private static readonly (string, bool)[] NoTest = [("build", true), ("test", false), ("release", true)];

    private static IEnumerable<TestCaseData> Chosen()
    {
        yield return new TestCaseData(null, BuildAndRelease, "build").SetName("Select_LeavesTheReleaseOut_ByDefault");
        yield return new TestCaseData(null, AllThree, "build test").SetName("Select_RunsBuildAndTest_ByDefault");
        yield return new TestCaseData("build", AllThree, "build").SetName("Select_RunsOnlyTheBuild_WhenAskedForIt");
        yield return new TestCaseData("test", AllThree, "build test").SetName("Select_RunsTheBuildBeforeTheTest_WhenAskedForTheTest");
        yield return new TestCaseData("release", BuildAndRelease, "build release").SetName("Select_RunsTheBuildThenTheRelease_WhenAskedForTheRelease");
        yield return new TestCaseData("release", AllThree, "build test release").SetName("Select_RunsEveryStep_WhenAskedForTheRelease");
        yield return new TestCaseData("release", NoTest, "build release").SetName("Select_SkipsAStepTheConfigLacks_OnTheWayToTheRelease");
    }

    [TestCaseSource(nameof(Chosen))]
    public void Select_ChoosesThePipelineUpToTheStep(string? requested, (string, bool)[] pipeline, string expected) =>
        Assert.That(string.Join(' ', StepSelection.Select(requested, pipeline)), Is.EqualTo(expected));

    [TestCase("deploy", "--step deploy: unknown step; expected build, test or release")]
    [TestCase("Build", "unknown step")]
    [TestCase("", "unknown step")]
    public void Select_Throws_WhenTheStepIsUnknown(string requested, string message) =>
        Assert.That(() => StepSelection.Select(requested, AllThree), Throws.TypeOf<LocalRunException>().With.Message.Contains(message));

    [Test]
    public void Select_Throws_WhenTheConfigHasNoReleaseStep() =>
        Assert.That(() => StepSelection.Select("release", BuildOnly),
            Throws.TypeOf<LocalRunException>().With.Message.EqualTo("--step release: .cion.yml has no release step"));

    [Test]
    public void Select_Throws_WhenThePipelineHasNoTestStep() =>
        Assert.That(() => StepSelection.Select("test", BuildAndRelease),
            Throws.TypeOf<LocalRunException>().With.Message.EqualTo("--step test: .cion.yml has no test step"));
}
