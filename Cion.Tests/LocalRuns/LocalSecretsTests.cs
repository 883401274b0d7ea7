using Cion.Core.Config;
using Cion.Core.LocalRuns;

namespace Cion.Tests.LocalRuns;

public sealed class LocalSecretsTests
{
    private static readonly StepConfig Build = new() { Image = "busybox", Docker = DockerRequest.None, Env = new Dictionary<string, string> { ["A"] = "1" }, Secrets = ["TOKEN"] };

    [Test]
    public void Apply_PutsTheNamedSecretInTheEnv_WhenGiven()
    {
        var step = LocalSecrets.Apply(Build, "build", new Dictionary<string, string> { ["TOKEN"] = "t0k", ["OTHER"] = "x" });
        Assert.That(step.Env, Is.EqualTo(new Dictionary<string, string> { ["A"] = "1", ["TOKEN"] = "t0k" }));
    }

    [Test]
    public void Apply_Throws_WhenANamedSecretWasNotGiven() =>
        Assert.That(() => LocalSecrets.Apply(Build, "build", new Dictionary<string, string> { ["OTHER"] = "x" }),
            Throws.TypeOf<ConfigException>().With.Message.EqualTo(".cion.yml: build.secrets: 'TOKEN' not given: pass --secret TOKEN=VALUE, or --secrets-file FILE with a TOKEN=VALUE line"));

    [Test]
    public void Load_PutsTheCommandLineOverTheFile()
    {
        using var dir = Support.TempDir.ForCaller();
        File.WriteAllText(dir.Combine("s.env"), "# comment\nTOKEN=from-file\nOTHER=kept\n");
        var secrets = LocalSecrets.Load(dir.Combine("s.env"), new Dictionary<string, string> { ["TOKEN"] = "given" });
        Assert.That(secrets, Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "given", ["OTHER"] = "kept" }));
    }

    [Test]
    public void Load_Throws_WhenTheFileIsMissing() =>
        Assert.That(() => LocalSecrets.Load("/nonexistent/s.env", new Dictionary<string, string>()),
            Throws.TypeOf<LocalRunException>().With.Message.EqualTo("--secrets-file /nonexistent/s.env: cannot read it: no such file"));
}
