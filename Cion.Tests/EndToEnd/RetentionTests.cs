using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary><c>keep</c>: old runs go, the ledger and each branch's latest stay, and nothing outside the state directory is touched.</summary>
public sealed class RetentionTests : EndToEndTest
{
    [Test]
    public void Keep_RemovesOldRuns_ButNotTheLedgerNorTheBranchesLatest_NorWhatArtifactLinksPointAt()
    {
        // Each main push deploys: keep.deployments (5 by default) would keep them all.
        UseSite(extra: "keep: {runs: 2, deployments: 1}\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var precious = Path.Combine(Site.Root, "precious");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "keep.txt"), "host data");
        var config = $$"""
            build: {image: cion-test/busybox, docker: false, cmd: 'ln -s {{precious}} $ARTIFACTS_DIR/escape; echo built > $ARTIFACTS_DIR/out'}
            release: {image: cion-test/busybox, cmd: 'true'}
            """;
        var feature = CommitAndPush(repo, config, branch: "feature", message: "feature");
        Site.WaitForFinalStatus(repo.Name, feature);
        var shas = Enumerable.Range(1, 4).Select(i =>
        {
            var sha = CommitAndPush(repo, config, message: $"main {i}");
            Site.WaitForFinalStatus(repo.Name, sha);
            return sha;
        }).ToList();

        Wait.Until(() => !Directory.Exists(Site.CommitDir(repo.Name, shas[1])), "the old runs to go");
        Assert.That(Directory.Exists(Site.CommitDir(repo.Name, shas[0])), Is.False);
        Assert.That(Directory.Exists(Site.CommitDir(repo.Name, shas[2])), Is.True);
        Assert.That(Directory.Exists(Site.CommitDir(repo.Name, shas[3])), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "jobs", repo.Name, "branches", "feature", "status")), Is.EqualTo("succeeded\n"),
            "the latest run of each branch stays");
        Assert.That(File.ReadAllLines(Path.Combine(Site.State, "deployments", "team", "app", "production", "history")), Has.Length.EqualTo(4),
            "the ledger keeps every line");
        Assert.That(File.ReadAllText(Path.Combine(precious, "keep.txt")), Is.EqualTo("host data"), "removing a run did not follow its artifact links");
    }
}
