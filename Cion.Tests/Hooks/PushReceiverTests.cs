using Cion.Core.Config;
using Cion.Core.Hooks;
using Cion.Core.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Hooks;

public sealed class PushReceiverTests
{
    private const string Sha = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d";

    [Test]
    public void Receive_QueuesOneJobPerUpdatedRef_SkipsDeletions_AndSaysWhereToLook()
    {
        using var dir = TempDir.ForCaller();
        var config = new ServerConfig { Spool = dir.Combine("spool"), State = "/var/lib/cion", Repos = ["/srv/git"] };
        new SpoolLayout(config.Spool).EnsureCreated();
        var said = new List<string>();
        var zero = new string('0', 40);

        var queued = new PushReceiver(config, TimeProvider.System).Receive("/srv/git/team/app.git", "alice",
            [$"{zero} {Sha} refs/heads/main", $"{Sha} {zero} refs/heads/old", $"{zero} {Sha} refs/tags/v1", ""], ["x=1"], _ => "a message", said.Add);

        Assert.That(queued, Has.Count.EqualTo(2));
        Assert.That(queued!.All(j => j.PushOptions.SequenceEqual(["x=1"])), "push options are recorded in the job");
        var jobs = new SpoolQueue(new SpoolLayout(config.Spool)).Waiting()
            .Select(n => JobFile.Parse(File.ReadAllText(Path.Combine(config.Spool, "new", n)))).ToList();
        Assert.That(jobs.Select(j => j.Ref), Is.EquivalentTo(new[] { "refs/heads/main", "refs/tags/v1" }));
        Assert.That(jobs.All(j => j.Repo == "team/app" && j.PushedBy == "alice" && j.RepoPath == "/srv/git/team/app.git"));
        Assert.That(said, Is.EqualTo(new[]
        {
            $"cion: queued team/app main 1a2b3c4: cat /var/lib/cion/jobs/team/app/{Sha}/status",
            $"cion: queued team/app refs/tags/v1 1a2b3c4: cat /var/lib/cion/jobs/team/app/{Sha}/status",
        }));
    }

    [Test]
    public void Receive_QueuesNothing_ForARepoOutsideEveryRoot()
    {
        using var dir = TempDir.ForCaller();
        var config = new ServerConfig { Spool = dir.Combine("spool"), Repos = ["/srv/git"] };
        var said = new List<string>();

        var queued = new PushReceiver(config, TimeProvider.System).Receive("/home/bob/x.git", "bob",
            [$"{new string('0', 40)} {Sha} refs/heads/main"], [], _ => null, said.Add);

        Assert.That(queued, Is.Null);
        Assert.That(said.Single(), Does.Contain("/home/bob/x.git is not under any repos root"));
        Assert.That(Directory.Exists(config.Spool), Is.False);
    }

    [Test]
    public void Receive_RecognisesTheRepo_WhenTheConfiguredRootIsASymlink()
    {
        using var dir = TempDir.ForCaller();
        Directory.CreateDirectory(dir.Combine("data", "git", "team"));
        Directory.CreateSymbolicLink(dir.Combine("srv-git"), dir.Combine("data", "git"));
        var config = new ServerConfig { Spool = dir.Combine("spool"), Repos = [dir.Combine("srv-git")] };

        // git runs the hook in the physical path, under the symlink's target.
        var queued = new PushReceiver(config, TimeProvider.System).Receive(dir.Combine("data", "git", "team", "app.git"), "alice",
            [$"{new string('0', 40)} {Sha} refs/heads/main"], [], _ => null, _ => { });

        Assert.That(queued, Has.Count.EqualTo(1));
    }

    [TestCase("wip [skip ci]", null)]
    [TestCase("WIP [CI SKIP] later", null)]
    [TestCase("ordinary message", "ci.skip")]
    [TestCase("ordinary message", "skip-ci")]
    public void Receive_QueuesNothingAndSaysSo_WhenThePusherAsksToSkip(string message, string? option)
    {
        using var dir = TempDir.ForCaller();
        var config = new ServerConfig { Spool = dir.Combine("spool"), Repos = ["/srv/git"] };
        var said = new List<string>();

        var queued = new PushReceiver(config, TimeProvider.System).Receive("/srv/git/app.git", "alice",
            [$"{new string('0', 40)} {Sha} refs/heads/main"], option is null ? [] : [option], _ => message, said.Add);

        Assert.That(queued, Is.Empty);
        Assert.That(said.Single(), Does.StartWith("cion: skipped"));
        Assert.That(Directory.Exists(Path.Combine(config.Spool, "new")) ? Directory.GetFiles(Path.Combine(config.Spool, "new")) : [], Is.Empty);
    }
}
