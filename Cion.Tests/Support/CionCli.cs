using System.Text.Json;

namespace Cion.Tests.Support;

/// <summary>The installed <c>cion</c> command run against a test site, as a user would run it.</summary>
public static class CionCli
{
    public static Shell.Result Run(CionSite site, params string[] args) =>
        Shell.Run(Binaries.Cion, [.. args, "--config", site.ConfigPath]);

    public static JsonElement Json(CionSite site, params string[] args)
    {
        var result = Run(site, args);
        Assert.That(result.Stdout.TrimStart(), Does.StartWith("[").Or.StartWith("{"), result.Output);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
