using System.Text.RegularExpressions;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// The .deb that 'make deb' builds (make test builds it first): lintian, the unit, and an
/// install into a clean Debian container with no .NET on it.
/// </summary>
[Category("Package")]
public sealed class PackageTests
{
    private static string Deb() => Binaries.Deb();

    [Test]
    public void Deb_HasNoLintianErrorsOrWarnings()
    {
        var lintian = Shell.Run("lintian", "--fail-on", "error,warning", Deb());
        Assert.That(lintian.ExitCode, Is.Zero, lintian.Output);
        Assert.That(lintian.Stdout, Does.Not.Match("^[EW]: "), lintian.Output);
    }

    [TestCase("ciond.service", "/usr/sbin/ciond")]
    [TestCase("cion-web.service", "/usr/bin/cion-web")]
    public void Unit_PassesSystemdAnalyzeVerify(string name, string program)
    {
        using var dir = TempDir.ForCaller();
        Shell.Check("dpkg-deb", ["-x", Deb(), dir.Path]);
        // verify checks that ExecStart exists: point it at the extracted binary, leave the rest as shipped.
        var unit = File.ReadAllText(dir.Combine("lib", "systemd", "system", name))
            .Replace($"ExecStart={program}", $"ExecStart={dir.Path}{program}");
        File.WriteAllText(dir.Combine(name), unit);

        var verify = Shell.Run("systemd-analyze", "verify", dir.Combine(name));

        Assert.That(verify.ExitCode, Is.Zero, verify.Output);
        Assert.That(unit, Does.Contain("Type=notify").And.Contain("NoNewPrivileges=yes").And.Contain("ProtectSystem=strict")
            .And.Contain("ProtectHome=yes").And.Contain("PrivateTmp=yes").And.Contain("Restart=on-failure"));
    }

    [Test]
    public void WebUnit_RunsAsItsOwnUserAndWritesNothing_WithTheSecretsLockedTwice()
    {
        using var dir = TempDir.ForCaller();
        Shell.Check("dpkg-deb", ["-x", Deb(), dir.Path]);

        var unit = File.ReadAllText(dir.Combine("lib", "systemd", "system", "cion-web.service"));

        Assert.That(unit, Does.Contain("\nUser=cion-web\n").And.Contain("\nGroup=cion-web\n")
            .And.Contain("\nInaccessiblePaths=-/etc/cion/secrets\n").And.Contain("\nCapabilityBoundingSet=\n")
            .And.Contain("\nPrivateDevices=yes\n").And.Contain("\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n"));
        Assert.That(unit, Does.Not.Match("(?m)^ReadWritePaths=").And.Not.Match("(?m)^SupplementaryGroups="));
    }

    [Test]
    public void Deb_InstallsOnACleanDebianWithoutDotnet_AndPurgeRemovesWhatItMade()
    {
        // cion-test/dind is a debootstrapped Debian 12 (minbase + docker.io): no .NET anywhere.
        var script = """
            set -e
            ! command -v dotnet
            dpkg -i /deb/package.deb >/dev/null
            cion --version
            ciond --version
            echo "cion-web $(cion-web --version)"
            id cion
            echo "web user: $(id cion-web)"
            stat -c '%A %U %G %n' /var/spool/cion /var/spool/cion/new /var/spool/cion/cur /var/lib/cion /var/log/cion /etc/cion/secrets
            test -f /lib/systemd/system/ciond.service
            test -f /lib/systemd/system/cion-web.service
            # The web page's user reads state and spool as "other", and never a secret, even a loose one.
            runuser -u cion-web -- ls /var/lib/cion /var/spool/cion/new >/dev/null && echo web-user-reads-state-and-spool
            echo TOKEN=s3cret >/etc/cion/secrets/app.env
            chown cion:cion /etc/cion/secrets/app.env
            chmod 0644 /etc/cion/secrets/app.env
            if runuser -u cion-web -- cat /etc/cion/secrets/app.env 2>&1; then exit 1; fi
            dpkg -r cion >/dev/null
            test -f /etc/cion/cion.yml && echo config-kept-on-remove
            dpkg -P cion >/dev/null
            test ! -e /var/lib/cion && ! id cion 2>/dev/null && ! id cion-web 2>/dev/null && echo purged
            """;
        var run = Shell.Run("docker", ["run", "--rm", "--label", "cion.test=package", "--entrypoint", "sh", "-v", $"{Deb()}:/deb/package.deb:ro",
            TestImages.Dind, "-c", script]);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Match(@"^\d+\.\d+\.\d+").And.Match(@"(?m)^cion-web \d+\.\d+\.\d+").And.Contain("groups=").And.Contain("(docker)"));
        var webUser = Regex.Match(run.Stdout, "(?m)^web user: (.*)$").Groups[1].Value;
        Assert.That(webUser, Does.Contain("(cion-web)").And.Not.Contain("(docker)").And.Not.Contain("(cion)"), run.Stdout);
        Assert.That(run.Stdout, Does.Contain("web-user-reads-state-and-spool")
            .And.Contain("cat: /etc/cion/secrets/app.env: Permission denied"));
        Assert.That(run.Stdout, Does.Contain("drwxr-sr-x cion cion /var/spool/cion\n").And.Contain("drwxrwsr-t cion cion /var/spool/cion/new\n")
            .And.Contain("drwxr-sr-x cion cion /var/spool/cion/cur\n")
            .And.Contain("drwxr-xr-x cion cion /var/lib/cion\n").And.Contain("drwxr-x--- cion cion /etc/cion/secrets\n"));
        Assert.That(run.Stdout, Does.Contain("config-kept-on-remove").And.Contain("purged"));
    }
}
