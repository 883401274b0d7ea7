using System.Text.RegularExpressions;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// The package the way a git server runs it: installed into a Debian 12 that boots systemd,
/// the services started by the package, a push over ssh as a separate 'git' user to a bare
/// repo with the installed hook, 'systemctl restart ciond' in the middle of the build, and
/// the web page listing the repo afterwards. Jobs run on the host's engine (its socket is
/// mounted into the container).
/// </summary>
[Category("Package")]
public sealed class SystemdServiceTests
{
    // Outside /tmp and /var/tmp: the unit's PrivateTmp hides those from the daemon. The folder
    // is mounted at the same path in the container, so the bind mounts the daemon asks the
    // host's engine for (checkout, artifacts) name the same files there.
    private const string SharedRoot = "/var/lib/cion-tests";

    // The repo as the README sets one up, and the name cion gives it (its path under 'repos').
    private const string RepoPath = "/srv/git/team/app.git";
    private const string Repo = "team/app";

    [Test]
    public void PushOverSshAsTheGitUser_RunsUnderTheInstalledService_SurvivesARestartOfIt_AndShowsOnTheWebPage()
    {
        using var shared = TempDir.Named(nameof(SystemdServiceTests), "systemd", under: Path.Combine(SharedRoot, TestRun.Id));
        var state = shared.Combine("state");
        Directory.CreateDirectory(state);
        File.SetUnixFileMode(state, (UnixFileMode)0b111_111_111); // the daemon's uid in the container differs from the host's
        Shell.Check("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", shared.Combine("key")]);
        using var box = SystemdContainer.Boot(shared.Path);
        box.CopyIn(Binaries.Deb(), "/root/cion.deb");

        InstallPackage(box);
        Assert.That(box.Exec("systemctl is-active ciond").Stdout.Trim(), Is.EqualTo("active"), "the package starts the service where systemd runs");
        AssertWebPageRunsAsItsOwnUserWithoutTheSecrets(box);
        SetUpGitUserAndRepo(box, File.ReadAllText(shared.Combine("key.pub")).Trim());
        ConfigureAndRestart(box, state);

        var sha = PushOverSsh(shared, box.Address, out var pushOutput);
        Assert.That(pushOutput, Does.Contain($"cion: queued {Repo} main"), pushOutput);
        var run = Path.Combine(state, "jobs", Repo, sha);
        Wait.Until(() => ReadOrEmpty(Path.Combine(run, "build.log")).Contains("building"), "the build to start");
        box.Check("systemctl restart ciond");
        Assert.That(box.Exec("systemctl is-active ciond").Stdout.Trim(), Is.EqualTo("active"));
        Wait.Until(() => ReadOrEmpty(Path.Combine(run, "status")).Trim() is "succeeded" or "failed" or "error" or "cancelled",
            "the job to finish", TimeSpan.FromSeconds(90));

        var cionLog = File.ReadAllText(Path.Combine(run, "cion.log"));
        Assert.That(File.ReadAllText(Path.Combine(run, "status")).Trim(), Is.EqualTo("succeeded"), cionLog);
        Assert.That(cionLog, Does.Contain("pushed by git").And.Contain("adopting this run").And.Contain("build: adopted container"));
        var buildLog = File.ReadAllText(Path.Combine(run, "build.log"));
        Assert.That(Regex.Matches(buildLog, "building").Count, Is.EqualTo(1), "the build ran once, across the restart:\n" + buildLog);
        Assert.That(buildLog, Does.Contain("build done"));
        Assert.That(File.ReadAllText(Path.Combine(run, "release.log")), Does.Contain("built at"));
        var note = box.Exec($"git --git-dir {RepoPath} notes --ref=cion show {sha}");
        Assert.That(note.Stdout, Does.Contain("succeeded"), "the daemon (user cion) wrote its note into the git user's group-shared repo:\n" + note.Output + cionLog);
        Assert.That(box.Check($"find {RepoPath}/objects {RepoPath}/refs -type d ! -perm -2070"), Is.Empty,
            "every folder, those the daemon made included, is setgid and group-writable, as git makes them in a shared repo");
        var journal = box.Check("journalctl -u ciond --no-pager");
        Assert.That(Regex.Matches(journal, "ready: watching /var/spool/cion/new").Count, Is.GreaterThanOrEqualTo(3), journal);
        AssertWebPageReadsTheRunAndListsTheRepo(box, run);
    }

    private static void AssertWebPageRunsAsItsOwnUserWithoutTheSecrets(SystemdContainer box)
    {
        Assert.That(box.Exec("systemctl is-active cion-web").Stdout.Trim(), Is.EqualTo("active"), "the package starts the web page too");
        var pid = WebPagePid(box);
        Assert.That(box.Check($"stat -c %U /proc/{pid}").Trim(), Is.EqualTo("cion-web"));
        Assert.That(box.Check($"nsenter --target {pid} --mount stat -c %a /etc/cion/secrets").Trim(), Is.EqualTo("0"),
            "in the web page's mount namespace the secrets folder is the inaccessible stand-in (InaccessiblePaths=)");
    }

    private static void AssertWebPageReadsTheRunAndListsTheRepo(SystemdContainer box, string run)
    {
        // Its sandbox and its user, without its program: what the pages will be able to read.
        var asWebPage = $"nsenter --target {WebPagePid(box)} --mount --setuid $(id -u cion-web) --setgid $(id -g cion-web)";
        Assert.That(box.Check($"{asWebPage} cat {run}/status && {asWebPage} ls /var/spool/cion/new >/dev/null && echo spool-listed"),
            Is.EqualTo("succeeded\nspool-listed\n"), "the web page's user, inside its sandbox, reads the run's files and the spool");
        // web.listen's default, reached from inside the container: it listens on loopback only.
        var page = box.HttpGet("127.0.0.1", 8070, "/");
        Assert.That(page.Stdout, Does.StartWith("HTTP/1.1 200 "), page.Output);
        Assert.That(page.Stdout, Does.Contain(Repo), page.Output);
    }

    private static string WebPagePid(SystemdContainer box) => box.Check("systemctl show -p MainPID --value cion-web").Trim();

    private static void InstallPackage(SystemdContainer box)
    {
        // As if docker.io were installed: a 'docker' group owning the (host's) engine socket.
        var dockerGid = Shell.Check("stat", ["-c", "%g", "/var/run/docker.sock"]).Stdout.Trim();
        box.Check($"""
            set -e
            groupadd --gid {dockerGid} docker
            dpkg -i /root/cion.deb >/dev/null
            """);
    }

    /// <summary>What the README tells an admin to do for a repo.</summary>
    private static void SetUpGitUserAndRepo(SystemdContainer box, string publicKey) => box.Check($"""
        set -e
        useradd --create-home --shell /usr/bin/git-shell --groups cion git
        install -d -o git -g git -m 0700 /home/git/.ssh
        echo '{publicKey}' >/home/git/.ssh/authorized_keys
        chown git:git /home/git/.ssh/authorized_keys
        install -d -o git -g git /srv/git
        su -s /bin/sh git -c 'git init -q --bare --shared=group --initial-branch=main {RepoPath}'
        chgrp -R cion {RepoPath}
        su -s /bin/sh git -c 'cion install-hook {RepoPath}'
        """);

    private static void ConfigureAndRestart(SystemdContainer box, string state) => box.Check($"""
        set -e
        cat >/etc/cion/cion.yml <<'EOF'
        state: {state}
        repos: [/srv/git]
        EOF
        install -d /etc/systemd/system/ciond.service.d
        printf '[Service]\nReadWritePaths={state}\n' >/etc/systemd/system/ciond.service.d/state.conf
        systemctl daemon-reload
        systemctl restart ciond cion-web
        """);

    private static string PushOverSsh(TempDir shared, string host, out string output)
    {
        var work = shared.Combine("work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, ".cion.yml"), $"""
            build:
              image: {TestImages.Busybox}
              docker: false
              cmd: sh -c 'echo building; sleep 6; echo "built at $(date)" > $ARTIFACTS_DIR/out.txt; echo build done'
            release:
              image: {TestImages.Busybox}
              cmd: cat $ARTIFACTS_DIR/out.txt
            """);
        Shell.Check("git", ["init", "-q", "-b", "main"], work);
        Shell.Check("git", ["add", "."], work);
        Shell.Check("git", ["-c", "user.name=dev", "-c", "user.email=dev@example.invalid", "commit", "-qm", "first"], work);
        var ssh = $"ssh -i {shared.Combine("key")} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";
        var push = Shell.Check("git", ["push", $"git@{host}:{RepoPath}", "main"], work, new Dictionary<string, string?> { ["GIT_SSH_COMMAND"] = ssh });
        output = push.Output;
        return Shell.Check("git", ["rev-parse", "HEAD"], work).Stdout.Trim();
    }

    /// <summary>The run's files are links to the current attempt's, which may not be written yet.</summary>
    private static string ReadOrEmpty(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return ""; }
    }
}
