using Cion.Core.Jobs;
using Cion.Core.Spool;

namespace Cion.Tests.Spool;

public sealed class JobFileTests
{
    internal static Job SampleJob(string @ref = "refs/heads/main") => new()
    {
        Id = JobId.New(new DateTimeOffset(2026, 11, 24, 20, 4, 17, 123, TimeSpan.Zero), "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d"),
        Repo = "team/app", RepoPath = "/srv/git/team/app.git", Ref = @ref,
        Old = new string('0', 40), New = "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d",
        PushedBy = "alice", QueuedAt = new DateTimeOffset(2026, 11, 24, 20, 4, 17, 123, TimeSpan.Zero),
    };

    [Test]
    public void FormatThenParse_GivesBackTheSameJob()
    {
        var job = SampleJob();
        Assert.That(JobFile.Parse(JobFile.Format(job)), Is.EqualTo(job));
    }

    [Test]
    public void Format_WritesGreppableKeyValueLines()
    {
        var text = JobFile.Format(SampleJob());
        Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]),
            Is.EqualTo(new[] { "id", "repo", "repo_path", "ref", "old", "new", "pushed_by", "queued_at" }));
        Assert.That(text, Does.Contain("queued_at=2026-11-24T20:04:17.123000Z\n"));
    }

    [Test]
    public void FormatThenParse_KeepsADeploysRequest()
    {
        var source = SampleJob().Id;
        var job = SampleJob() with { Deploy = new DeployRequest(source, "staging", DeployRequest.Rollback, "login broke, back to 1a2b") };
        var text = JobFile.Format(job);

        Assert.That(text, Does.EndWith($"deploy_of={source.Value}\nenvironment=staging\ndeploy_kind=rollback\nreason=login broke, back to 1a2b\n"));
        Assert.That(JobFile.Parse(text), Is.EqualTo(job));
    }

    [TestCase("environment=staging\n", "'environment' belongs to a deploy, but there is no 'deploy_of'")]
    [TestCase("deploy_of={0}\ndeploy_kind=deploy\n", "a deploy needs an environment name: ''")]
    [TestCase("deploy_of={0}\nenvironment=../x\ndeploy_kind=deploy\n", "a deploy needs an environment name: '../x'")]
    [TestCase("deploy_of={0}\nenvironment=staging\ndeploy_kind=push\n", "deploy_kind must be deploy or rollback: 'push'")]
    [TestCase("deploy_of=nope\nenvironment=staging\ndeploy_kind=deploy\n", "not a job id: 'nope'")]
    public void Parse_RefusesAnIncompleteDeploy(string lines, string message)
    {
        var text = JobFile.Format(SampleJob()) + string.Format(System.Globalization.CultureInfo.InvariantCulture, lines, SampleJob().Id.Value);
        Assert.That(() => JobFile.Parse(text), Throws.TypeOf<FormatException>().With.Message.EqualTo(message));
    }

    [Test]
    public void FormatThenParse_KeepsPushOptionsAndRetryOf()
    {
        var job = SampleJob() with { PushOptions = ["cion.wait", "deploy=blue"], RetryOf = SampleJob().Id };
        var text = JobFile.Format(job);

        Assert.That(text, Does.Contain("push_option=cion.wait\npush_option=deploy=blue\n").And.Contain($"retry_of={job.RetryOf!.Value.Value}\n"));
        Assert.That(JobFile.Parse(text), Is.EqualTo(job));
    }

    [Test]
    public void Format_Refuses_AValueWithALineBreak() =>
        Assert.Throws<ArgumentException>(() => JobFile.Format(SampleJob() with { PushedBy = "eve\nrepo=other" }));

    [TestCase("", "missing keys")]
    [TestCase("garbage without equals", "not a key=value line")]
    [TestCase("colour=red\n", "unknown key 'colour'")]
    [TestCase("repo=a\nrepo=b\n", "key 'repo' given twice")]
    [TestCase("id=x\nrepo=a\nrepo_path=/a\nref=r\nold=0\nnew=1\npushed_by=p\nqueued_at=2026-01-01T00:00:00Z\n", "not a job id")]
    public void Parse_SaysWhatIsWrong_WithABrokenFile(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => JobFile.Parse(text));
        Assert.That(error!.Message, Does.Contain(message));
    }
}
