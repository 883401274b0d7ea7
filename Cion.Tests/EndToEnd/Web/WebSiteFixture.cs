using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd.Web;

/// <summary>
/// One cion site with real jobs, built once for the web tests that only read it: a real ciond ran
/// them from real pushes, and a real cion-web serves the result. Jobs:
/// <list type="bullet">
/// <item><see cref="Main"/>: main, succeeded and released; its build prints hostile HTML and ANSI colours and leaves
/// artifacts: a file in a folder, an HTML page, a link inside the folder, and links that point outside it.</item>
/// <item><see cref="Broken"/>: branch broken, failed.</item>
/// </list>
/// </summary>
public abstract class WebSiteFixture
{
    public const string Secret = "SECRET-MARKER-7f3a";

    protected CionSite Site { get; private set; } = null!;
    protected WebProcess Web { get; private set; } = null!;
    protected BareRepo Repo { get; private set; } = null!;
    protected string Main { get; private set; } = "";
    protected string Broken { get; private set; } = "";
    protected string MainSha { get; private set; } = "";

    protected const string MainConfig = """
        build:
          - image: cion-test/busybox
          - docker: false
          - cmd: |
              echo '<script>alert(1)</script>'
              echo '<img src=x onerror=alert(2)>'
              printf '\033[31mred\033[0m \033[1mbold\033[0m plain\n'
              mkdir -p $ARTIFACTS_DIR/dist
              echo app-bytes > $ARTIFACTS_DIR/dist/app.txt
              echo '<html><script>alert(3)</script></html>' > $ARTIFACTS_DIR/page.html
              ln -s dist/app.txt $ARTIFACTS_DIR/inside-link
              ln -s /etc/passwd $ARTIFACTS_DIR/passwd-link
              ln -s ../../../../../.. $ARTIFACTS_DIR/root-link
              ln -s ../job $ARTIFACTS_DIR/job-link
        release:
          - image: cion-test/busybox
          - cmd: 'echo deployed'
        """;

    [OneTimeSetUp]
    public void BuildSite()
    {
        TestImages.RequirePresent();
        Site = CionSite.Create(TempDir.Named("shared", GetType().Name));
        // A secret beside the state: nothing the web serves may ever contain it.
        Directory.CreateDirectory(Site.SecretsDir);
        File.WriteAllText(Path.Combine(Site.SecretsDir, "app.env"), $"TOKEN={Secret}\n");
        File.WriteAllText(Path.Combine(Site.Root, "outside.txt"), Secret);
        Site.StartDaemon();
        Repo = Site.CreateRepo();
        MainSha = Push(MainConfig, "main", "the main commit");
        Assert.That(Site.WaitForFinalStatus(Repo.Name, MainSha), Is.EqualTo("succeeded"), Site.TryReadFile(Repo.Name, MainSha, "cion.log"));
        Main = Site.JobId(Repo.Name, MainSha);
        var brokenSha = Push("build: {image: cion-test/busybox, docker: false, cmd: 'echo going down; exit 3'}\n", "broken", "a broken commit");
        Assert.That(Site.WaitForFinalStatus(Repo.Name, brokenSha), Is.EqualTo("failed"));
        Broken = Site.JobId(Repo.Name, brokenSha);
        Web = Site.StartWeb();
    }

    [OneTimeTearDown]
    public void RemoveSite()
    {
        Web?.Dispose();
        Site?.Dispose();
        DockerLeftovers.RemoveAll();
    }

    protected string JobUrl(string id) => $"team/app/-/jobs/{id}";

    private string Push(string config, string branch, string message)
    {
        Repo.Write(".cion.yml", config);
        Repo.Write("README", message + "\n");
        var sha = Repo.Commit(message);
        var push = Repo.Push(branch);
        Assert.That(push.ExitCode, Is.Zero, push.Output);
        return sha;
    }
}
