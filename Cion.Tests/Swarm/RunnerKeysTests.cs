using Cion.Core.Swarm;
using Cion.Tests.Support;

namespace Cion.Tests.Swarm;

public sealed class RunnerKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    [Test]
    public void Generate_PinsEachEndToTheOthersCertificate()
    {
        var (runner, daemon) = RunnerKeys.Generate("job-1", Now);
        using (runner) using (daemon)
        {
            Assert.That(runner.IsPeer(daemon.Own), Is.True);
            Assert.That(daemon.IsPeer(runner.Own), Is.True);
            Assert.That(runner.IsPeer(runner.Own), Is.False, "an end must not accept its own certificate back");
            Assert.That(runner.Own.HasPrivateKey && daemon.Own.HasPrivateKey, Is.True);
            Assert.That(runner.Peer.HasPrivateKey || daemon.Peer.HasPrivateKey, Is.False, "a peer's key never leaves its end");
        }
    }

    [Test]
    public void Generate_GivesEveryJobOtherKeys()
    {
        var (runnerA, daemonA) = RunnerKeys.Generate("job-a", Now);
        var (runnerB, daemonB) = RunnerKeys.Generate("job-b", Now);
        using (runnerA) using (daemonA) using (runnerB) using (daemonB)
        {
            Assert.That(runnerA.IsPeer(daemonB.Own), Is.False);
            Assert.That(daemonA.IsPeer(runnerB.Own), Is.False);
            Assert.That(runnerA.Own.Subject, Does.Contain("job-a"));
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void FromPem_RoundTripsEitherEnd(bool runnerEnd)
    {
        var (runner, daemon) = RunnerKeys.Generate("job-1", Now);
        using (runner) using (daemon)
        {
            var original = runnerEnd ? runner : daemon;
            using var loaded = RunnerKeys.FromPem(original.ToPem());

            Assert.That(loaded.Own.RawData, Is.EqualTo(original.Own.RawData));
            Assert.That(loaded.Peer.RawData, Is.EqualTo(original.Peer.RawData));
            Assert.That(loaded.Own.HasPrivateKey, Is.True);
            Assert.That(loaded.ToPem(), Is.EqualTo(original.ToPem()));
        }
    }

    [Test]
    public void ToPem_OfTheRunner_HoldsOnlyItsOwnKey()
    {
        var (runner, daemon) = RunnerKeys.Generate("job-1", Now);
        using (runner) using (daemon)
        {
            var pem = runner.ToPem();
            Assert.That(pem.Split("PRIVATE KEY-----").Length - 1, Is.EqualTo(2), "one BEGIN and one END");
            Assert.That(pem, Does.Contain(daemon.Own.ExportCertificatePem().Trim()));
            Assert.That(pem, Does.Contain(runner.Own.ExportCertificatePem().Trim()));
        }
    }

    [Test]
    public void Save_WritesAFileOnlyItsOwnerCanRead_AndLoadReadsIt()
    {
        using var dir = TempDir.ForCaller();
        var (runner, daemon) = RunnerKeys.Generate("job-1", Now);
        using (runner) using (daemon)
        {
            var path = dir.Combine("keys.pem");
            daemon.Save(path);
            daemon.Save(path); // replacing is allowed: a restarted ciond may write again

            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            using var loaded = RunnerKeys.Load(path);
            Assert.That(loaded.IsPeer(runner.Own), Is.True);
        }
    }

    [TestCase("", "none")]
    [TestCase("C K", "CERTIFICATE, PRIVATE KEY")]
    [TestCase("C C K", "CERTIFICATE, CERTIFICATE, PRIVATE KEY")]
    [TestCase("C K C C", "CERTIFICATE, PRIVATE KEY, CERTIFICATE, CERTIFICATE")]
    [TestCase("K C C", "PRIVATE KEY, CERTIFICATE, CERTIFICATE")]
    public void Parse_RefusesAnyOtherLayout(string layout, string found)
    {
        var blocks = layout.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(b => $"-----BEGIN {(b == "C" ? "CERTIFICATE" : "PRIVATE KEY")}-----\nAAAA\n-----END {(b == "C" ? "CERTIFICATE" : "PRIVATE KEY")}-----\n");

        var error = Assert.Throws<FormatException>(() => LinkKeyText.Parse(string.Concat(blocks)));

        Assert.That(error!.Message, Does.EndWith("found " + found));
    }
}
