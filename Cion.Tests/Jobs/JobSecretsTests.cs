using Cion.Core.Config;
using Cion.Core.Jobs;
using Cion.Core.Secrets;
using Cion.Tests.Spool;
using Cion.Tests.Support;

namespace Cion.Tests.Jobs;

public sealed class JobSecretsTests
{
    private const string Config = """
        build: {image: b}
        test: {image: t, secrets: [NAMES]}
        release: {image: r, environment: production}
        """;

    [TestCase("NPM_TOKEN", "NPM_TOKEN", "npm-value", null)]
    [TestCase("NPM_TOKEN, DB_PASSWORD", "DB_PASSWORD", "test-db", null)]
    [TestCase("DEPLOY_KEY", null, null, "bound to environment production")]
    [TestCase("MISSING", null, null, "'MISSING' not in this repo's secrets file")]
    public void ForTest_GivesTheTestTheRepositorysSecrets_NeverTheEnvironmentsBoundOnes(string names, string? variable, string? value, string? refusal)
    {
        using var dir = TempDir.ForCaller();
        var job = JobFileTests.SampleJob();
        WriteSecrets(SecretFile.PathFor(dir.Path, job.Repo), "NPM_TOKEN=npm-value\nDB_PASSWORD=test-db\n");
        WriteSecrets(SecretFile.PathFor(dir.Path, job.Repo, "production"), "DEPLOY_KEY=prod-only\n");
        var config = ConfigParser.Parse(Config.Replace("NAMES", names));

        if (refusal is not null)
        {
            var error = Assert.Throws<ConfigException>(() => JobSecrets.ForTest(dir.Path, job, config));
            Assert.That(error!.Errors.Single().Key, Is.EqualTo("test.secrets"));
            Assert.That(error.Errors.Single().Message, Does.Contain(refusal));
            return;
        }
        Assert.That(JobSecrets.ForTest(dir.Path, job, config)!.Env, Does.ContainKey(variable!).WithValue(value).And.Not.ContainKey("DEPLOY_KEY"));
    }

    [Test]
    public void ForTest_GivesNothing_WhenTheConfigHasNoTestStep()
    {
        using var dir = TempDir.ForCaller();

        Assert.That(JobSecrets.ForTest(dir.Path, JobFileTests.SampleJob(), ConfigParser.Parse("build: {image: b}\n")), Is.Null);
    }

    private static void WriteSecrets(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
