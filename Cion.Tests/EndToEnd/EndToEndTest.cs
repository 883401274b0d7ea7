using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// Base of the end-to-end tests: a fresh <see cref="CionSite"/> per test, and after each test
/// the check that cion left nothing labelled <c>cion.job</c> in the engine.
/// </summary>
[Category("EndToEnd")]
public abstract class EndToEndTest
{
    protected CionSite Site { get; private set; } = null!;

    [OneTimeSetUp]
    public void RequireImages() => TestImages.RequirePresent();

    [SetUp]
    public void CreateSite()
    {
        // The site owns the folder and removes it when disposed in CheckNothingLeft.
        Site = CionSite.Create(TempDir.Named(TestContext.CurrentContext.Test.Name, GetType().Name), Concurrency, DindConfig, ExtraConfig);
    }

    protected virtual int Concurrency => 2;

    /// <summary>
    /// More settings for the site's <c>dind:</c> map (the engine images are always the test ones). The
    /// rootless engine by default: the one every repository gets where the host allows it.
    /// </summary>
    protected virtual string DindConfig => RootlessProfile;

    protected const string RootlessProfile = "profile: rootless";

    protected virtual string ExtraConfig => "";

    /// <summary>
    /// Replaces the site with one on a different config, for a test that needs its own. Its
    /// <paramref name="dind"/> lines add to <see cref="DindConfig"/>, unless they name a profile of their own.
    /// </summary>
    protected void UseSite(string dind = "", string extra = "", int? concurrency = null)
    {
        Site.Dispose();
        var namesProfile = dind.Split('\n').Any(line => line.StartsWith("profile:", StringComparison.Ordinal));
        Site = CionSite.Create(TempDir.Named(TestContext.CurrentContext.Test.Name, GetType().Name), concurrency ?? Concurrency,
            namesProfile ? dind : $"{DindConfig}\n{dind}", extra);
    }

    [TearDown]
    public void CheckNothingLeft()
    {
        Site.Dispose();
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
                DockerLeftovers.AssertNone();
        }
        finally
        {
            DockerLeftovers.RemoveAll();
        }
    }

    protected const string ReleasingConfig = """
        build:
          - image: cion-test/busybox
          - cmd: 'echo built $CION_SHA > $ARTIFACTS_DIR/out.txt'
          - docker: false
        release:
          - image: cion-test/busybox
          - cmd: 'cat $ARTIFACTS_DIR/out.txt'
        """;

    /// <summary>Commits a project with the given <c>.cion.yml</c> and pushes it; returns the sha.</summary>
    protected static string CommitAndPush(BareRepo repo, string cionYml, string branch = "main", string message = "change")
    {
        repo.Write(".cion.yml", cionYml);
        repo.Write("README", message + "\n");
        var sha = repo.Commit(message);
        var push = repo.Push(branch);
        Assert.That(push.ExitCode, Is.Zero, push.Output);
        return sha;
    }
}
