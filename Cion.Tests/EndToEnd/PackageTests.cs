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

    [Test]
    public void Unit_PassesSystemdAnalyzeVerify()
    {
        using var dir = TempDir.ForCaller();
        Shell.Check("dpkg-deb", ["-x", Deb(), dir.Path]);
        // verify checks that ExecStart exists: point it at the extracted binary, leave the rest as shipped.
        var unit = File.ReadAllText(dir.Combine("lib", "systemd", "system", "ciond.service"))
            .Replace("ExecStart=/usr/sbin/ciond", $"ExecStart={dir.Combine("usr", "sbin", "ciond")}");
        File.WriteAllText(dir.Combine("ciond.service"), unit);

        var verify = Shell.Run("systemd-analyze", "verify", dir.Combine("ciond.service"));

        Assert.That(verify.ExitCode, Is.Zero, verify.Output);
        Assert.That(unit, Does.Contain("Type=notify").And.Contain("NoNewPrivileges=yes").And.Contain("ProtectSystem=strict")
            .And.Contain("ProtectHome=yes").And.Contain("PrivateTmp=yes").And.Contain("Restart=on-failure"));
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
            id cion
            stat -c '%A %U %G %n' /var/spool/cion /var/spool/cion/new /var/lib/cion /var/log/cion /etc/cion/secrets
            test -f /lib/systemd/system/ciond.service
            dpkg -r cion >/dev/null
            test -f /etc/cion/cion.yml && echo config-kept-on-remove
            dpkg -P cion >/dev/null
            test ! -e /var/lib/cion && ! id cion 2>/dev/null && echo purged
            """;
        var run = Shell.Run("docker", ["run", "--rm", "--label", "cion.test=package", "--entrypoint", "sh", "-v", $"{Deb()}:/deb/package.deb:ro",
            TestImages.Dind, "-c", script]);

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Match(@"^\d+\.\d+\.\d+").And.Contain("groups=").And.Contain("(docker)"));
        Assert.That(run.Stdout, Does.Contain("drwxrwsr-x cion cion /var/spool/cion\n").And.Contain("drwxrwsr-x cion cion /var/spool/cion/new\n")
            .And.Contain("drwxr-xr-x cion cion /var/lib/cion\n").And.Contain("drwxr-x--- cion cion /etc/cion/secrets\n"));
        Assert.That(run.Stdout, Does.Contain("config-kept-on-remove").And.Contain("purged"));
    }
}
