using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>Both installed binaries answer --version and --help, and refuse a broken config with file, line and key.</summary>
[Category("EndToEnd")]
public sealed class CommandLineTests
{
    private static readonly string[] Programs = ["cion", "ciond"];

    private static string Binary(string name) => name == "cion" ? Binaries.Cion : Binaries.Ciond;

    [TestCaseSource(nameof(Programs))]
    public void Binary_PrintsItsVersion(string program)
    {
        var result = Shell.Run(Binary(program), "--version");
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout, Does.Match(@"^\d+\.\d+\.\d+"));
    }

    [TestCaseSource(nameof(Programs))]
    public void Binary_PrintsHelpNamingTheConfigOption(string program)
    {
        var result = Shell.Run(Binary(program), "--help");
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Stdout, Does.Contain("--config").And.Contain("CION_CONFIG"));
    }

    [TestCaseSource(nameof(Programs))]
    public void Binary_ExitsNonZeroNamingFileLineAndKey_WhenTheConfigIsBroken(string program)
    {
        using var dir = TempDir.ForCaller();
        var config = dir.Combine("cion.yml");
        File.WriteAllText(config, "spool: /tmp/x\nconcurency: 3\n");
        var args = program == "cion" ? new[] { "hook", "--config", config } : ["--config", config];

        var result = Shell.Run(Binary(program), args, stdin: "");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain($"{config}:2: concurency: unknown key"));
    }

    [TestCaseSource(nameof(Programs))]
    public void Binary_ExitsNonZeroNamingTheFile_WhenTheConfigIsMissing(string program)
    {
        using var dir = TempDir.ForCaller();
        var missing = dir.Combine("nope.yml");
        var args = program == "cion" ? new[] { "hook" } : [];

        var result = Shell.Run(Binary(program), args, env: new Dictionary<string, string?> { ["CION_CONFIG"] = missing }, stdin: "");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain($"{missing}: cannot read the config file: no such file"));
    }
}
