using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>The disk under the state directory fills up: the job ends in error, the daemon survives and carries on.</summary>
public sealed class DiskFullTests : EndToEndTest
{
    [Test]
    public void FullDisk_EndsTheJobInError_AndTheDaemonCarriesOnWhenThereIsRoomAgain()
    {
        // A 3 MiB filesystem of the test's own as the state directory (the tests run as root).
        Directory.CreateDirectory(Site.State);
        Shell.Check("mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", Site.State]);
        try
        {
            var daemon = Site.StartDaemon();
            var repo = Site.CreateRepo();
            var flood = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'yes full | head -c 20000000'}\n", message: "flood");

            Assert.That(Site.WaitForFinalStatus(repo.Name, flood), Is.EqualTo("error"));
            Assert.That(Site.ReadFile(repo.Name, flood, "cion.log"), Does.Contain("build: no space left to write"));
            Assert.That(Site.ReadFile(repo.Name, flood, "build.log"), Does.EndWith("this log cut short]\n"));
            Assert.That(daemon.HasExited, Is.False);

            var fine = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'echo fine'}\n", message: "fine");
            Assert.That(Site.WaitForFinalStatus(repo.Name, fine), Is.EqualTo("succeeded"));
        }
        finally
        {
            Site.StopDaemons();
            Shell.Run("umount", Site.State);
        }
    }
}
