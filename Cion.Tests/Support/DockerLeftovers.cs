using Cion.Core.Containers;

namespace Cion.Tests.Support;

/// <summary>
/// What cion left in the engine: anything labelled <c>cion.job</c> whose owner (<c>cion.state</c>,
/// the daemon's state directory) belongs to this run of the suite (<see cref="TestRun"/>), so a
/// second run on the same engine is neither blamed for nor robbed of its containers.
/// </summary>
public static class DockerLeftovers
{
    public static IReadOnlyList<string> Containers() => List("ps", "-a");

    public static IReadOnlyList<string> Networks() => List("network", "ls");

    public static IReadOnlyList<string> Volumes() => List("volume", "ls");

    /// <summary>This run's layer-cache volumes: kept by design (no <c>cion.job</c>), removed after each test all the same.</summary>
    public static IReadOnlyList<string> CacheVolumes() => ListLabelled(Labels.CacheRepo, "volume", "ls");

    /// <summary>This run's warm engines (<c>cion.warm</c>): containers, and with <paramref name="what"/> networks or volumes.</summary>
    public static IReadOnlyList<string> Warm(params string[] what) => ListLabelled(Labels.Warm, what.Length > 0 ? what : ["ps", "-a"]);

    public static void AssertNone()
    {
        Assert.That(Warm(), Is.Empty, "warm engines were left behind");
        Assert.That(Warm("network", "ls"), Is.Empty, "warm engines' networks were left behind");
        Assert.That(Containers(), Is.Empty, "containers labelled cion.job were left behind");
        Assert.That(Networks(), Is.Empty, "networks labelled cion.job were left behind");
        Assert.That(Volumes(), Is.Empty, "volumes labelled cion.job were left behind");
    }

    public static void RemoveAll()
    {
        foreach (var id in Warm()) Shell.Run("docker", "rm", "-f", id);
        foreach (var id in Warm("network", "ls")) Shell.Run("docker", "network", "rm", id);
        foreach (var id in Warm("volume", "ls")) Shell.Run("docker", "volume", "rm", "-f", id);
        foreach (var id in Containers()) Shell.Run("docker", "rm", "-f", id);
        foreach (var id in Networks()) Shell.Run("docker", "network", "rm", id);
        foreach (var id in Volumes()) Shell.Run("docker", "volume", "rm", "-f", id);
        foreach (var name in CacheVolumes()) Shell.Run("docker", "volume", "rm", "-f", name);
    }

    private static IReadOnlyList<string> List(params string[] command) => ListLabelled(Labels.Job, command);

    private static IReadOnlyList<string> ListLabelled(string label, params string[] command)
    {
        // Volumes are listed by name; containers and networks by id.
        var key = command[0] == "volume" ? "{{.Name}}" : "{{.ID}}";
        var result = Shell.Run("docker", [.. command, "--filter", $"label={label}", "--format", key + " {{.Label \"cion.state\"}}"]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"docker {string.Join(' ', command)} failed: {result.Output}");
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Where(parts => parts.Length == 2 && (parts[1] + "/").Contains(TestRun.Segment, StringComparison.Ordinal))
            .Select(parts => parts[0])];
    }
}
