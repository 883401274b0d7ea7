namespace Cion.Tests.EndToEnd;

/// <summary>User services on the job's network, reachable by name, recorded in cion.log, removed with the job.</summary>
public sealed class ServicesTests : EndToEndTest
{
    [Test]
    public void Service_IsReachableByName_FromTheBuild_AndLoggedFromStartToRemoval()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/busybox
              docker: false
              cmd: 'wget -qO- http://web:8080/'
            services:
              web:
                image: cion-test/busybox
                cmd: 'mkdir /www && echo "hello from the web service ($GREETING)" > /www/index.html && httpd -f -p 8080 -h /www'
                env: {GREETING: configured}
                port: 8080
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("hello from the web service (configured)"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        Assert.That(log, Does.Contain("service web: started").And.Match(@"service web: ready after \d+\.\d+ s").And.Contain("service web: removed (stopped while running)"));
    }

    [Test]
    public void Service_RunsBesideTheEngine_AndForTheReleaseOnlyWhenAsked()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        // busybox httpd stands in for a database and a cache: what matters is reaching them by name.
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/docker, cmd: 'wget -qO- http://db:5432/ && docker info >/dev/null 2>&1 && echo and its engine'}
            release: {image: cion-test/busybox, cmd: 'wget -qO- http://db:5432/; wget -qO- http://cache:6379/ || echo no cache for the release'}
            services:
              db: {image: cion-test/busybox, cmd: 'mkdir /w && echo sees db > /w/index.html && httpd -f -p 5432 -h /w', port: 5432, steps: [build, release]}
              cache: {image: cion-test/busybox, cmd: 'mkdir /w && echo sees cache > /w/index.html && httpd -f -p 6379 -h /w', port: 6379}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("sees db\nand its engine"));
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("sees db\n").And.Contain("no cache for the release"));
    }

    [Test]
    public void Job_EndsInError_WhenAServiceExitsBeforeItIsReady()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build: {image: cion-test/busybox, docker: false, cmd: 'echo SHOULD-NOT-RUN'}
            services:
              db: {image: cion-test/busybox, cmd: 'echo db cannot start >&2; exit 4', port: 5432}
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha), Is.EqualTo("error"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        Assert.That(log, Does.Contain("service db exited with code 4 before it was ready").And.Contain("db cannot start"));
    }
}
