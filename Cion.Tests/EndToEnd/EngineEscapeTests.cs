using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// What a pusher can do to the CI host through the build's <c>DOCKER_HOST</c>. Each attempt runs
/// in a container the build starts on its per-job engine, and tries to read a marker file that
/// this test wrote on the host's own disk (its root filesystem, the block device that holds /):
/// <list type="bullet">
/// <item><b>mknod</b>: with SYS_ADMIN, MKNOD, every block device allowed and no seccomp, make a
/// node for the host's disk and mount it. Reaching the marker means the build can read and
/// write every file of the host.</item>
/// <item><b>privileged</b>: the same from a <c>--privileged</c> container, the usual shape of the attack.</item>
/// <item><b>release_agent</b>: mount a new cgroup v1 hierarchy and write its <c>release_agent</c>,
/// the program the host's kernel runs as root (CVE-2022-0492's path). Written means the build
/// can make the host run a program of its choice.</item>
/// <item><b>bind /</b>: <c>-v /:/host</c>. A bind mount names the engine's filesystem, never the host's,
/// in every profile: this one shows the engine's container is the boundary, not the build's wishes.</item>
/// </list>
/// The rootless engine blocks all four for any repository. The root engine (the capabilities
/// profile here) lets mknod and release_agent through, which is why only a repository that
/// <c>dind.trusted</c> names may have one: the test shows the hole is real, so the other one can fail.
/// </summary>
public sealed class EngineEscapeTests : EndToEndTest
{
    [Test]
    public void RootlessEngine_BlocksEveryEscape_ForAnyRepository()
    {
        UseSite(dind: RootlessDind);
        var outcome = RunAttempts("other/app");

        Assert.Multiple(() =>
        {
            Assert.That(outcome["mknod"], Does.StartWith("blocked"), "no host devices inside a user namespace");
            Assert.That(outcome["privileged"], Does.StartWith("blocked"), "--privileged inside gives nothing outside");
            Assert.That(outcome["release_agent"], Does.StartWith("blocked"), "no cgroup hierarchy of the host's kernel");
            Assert.That(outcome["bind /"], Does.StartWith("blocked"), "a bind mount names the engine's files, not the host's");
        });
    }

    [Test]
    public void RootEngine_LetsTheBuildReachTheHost_SoOnlyATrustedRepositoryGetsOne()
    {
        UseSite(dind: RootDind);
        var outcome = RunAttempts("trusted/app");

        Assert.Multiple(() =>
        {
            Assert.That(outcome["mknod"], Is.EqualTo("reached the host"), "a root engine hands the host's disk to the build");
            Assert.That(outcome["release_agent"], Is.EqualTo("reached the host"), "and the host kernel's release_agent");
            Assert.That(outcome["bind /"], Does.StartWith("blocked"), "a bind mount names the engine's files in every profile");
        });
        // '--privileged' is not asserted here: this host's engine refuses privileged containers at
        // every depth (no CAP_SYS_RESOURCE), so it is blocked by the host, not by cion; on an
        // ordinary host a privileged root engine passes it the host's devices.
    }

    /// <summary>Runs the four attempts in one build of <paramref name="repoName"/>; returns each one's outcome line.</summary>
    private Dictionary<string, string> RunAttempts(string repoName)
    {
        // On the host's disk, in the site's folder (UseSite replaced the first site and its folder).
        var token = $"host-marker-{Guid.NewGuid():N}";
        var marker = Path.Combine(Site.Root, "escape-marker");
        File.WriteAllText(marker, token + "\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo(repoName);
        var sha = CommitAndPush(repo, AttemptsConfig(HostDiskDevice(), marker, token));

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.TryReadFile(repo.Name, sha, "cion.log"));
        var log = Site.ReadFile(repo.Name, sha, "build.log");
        var outcome = log.Split('\n').Where(l => l.StartsWith("attempt ", StringComparison.Ordinal))
            .Select(l => l["attempt ".Length..].Split(": ", 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.That(outcome.Keys, Is.EquivalentTo(new[] { "mknod", "privileged", "release_agent", "bind /" }), log);
        return outcome;
    }

    /// <summary>MAJOR:MINOR of the block device that holds the host's root filesystem, from the kernel's mount table.</summary>
    private static string HostDiskDevice() =>
        File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')).First(f => f[4] == "/")[2];

    /// <summary>
    /// The build: an image of its own busybox, then each attempt in a container of it. An attempt
    /// "reached the host" only when it printed the marker's random token (or, for release_agent,
    /// wrote the file); anything else is "blocked" with the last line it printed.
    /// </summary>
    private static string AttemptsConfig(string device, string marker, string token)
    {
        var (major, minor) = (device.Split(':')[0], device.Split(':')[1]);
        var mount = $"mknod /d b {major} {minor} && mkdir -p /m && mount -t ext4 /d /m && cat /m{marker}";
        return $$"""
            build:
              image: cion-test/docker
              cmd: |
                mkdir -p /tmp/i && cp /bin/busybox /tmp/i/
                printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\nENV PATH=/bin\n' > /tmp/i/Dockerfile
                docker build -q -t escape /tmp/i >/dev/null
                attempt() {
                  name=$1; shift
                  out=$(docker run --rm "$@" 2>&1)
                  if echo "$out" | grep -q -e '{{token}}' -e 'release_agent written'; then echo "attempt $name: reached the host"
                  else echo "attempt $name: blocked: $(echo "$out" | tail -n 1)"; fi
                }
                attempt mknod --cap-add SYS_ADMIN --cap-add MKNOD --device-cgroup-rule 'b *:* rwm' --security-opt seccomp=unconfined --security-opt apparmor=unconfined escape sh -c '{{mount}}'
                attempt privileged --privileged escape sh -c '{{mount}}'
                attempt release_agent --cap-add SYS_ADMIN --security-opt seccomp=unconfined --security-opt apparmor=unconfined escape sh -c 'mkdir -p /cg && mount -t cgroup -o none,name=cion-escape-test cgroup /cg && echo /bin/true > /cg/release_agent && echo release_agent written'
                attempt 'bind /' -v /:/host escape cat /host{{marker}}
            """;
    }

    // Filled in once the rootless profile lands (issue 13): the engine image and profile keys.
    private const string RootlessDind = "profile: rootless";

    private const string RootDind = "profile: capabilities\ntrusted: [trusted/*]";
}
