namespace Cion.Tests.Support;

/// <summary>What cion left in the engine: anything labelled <c>cion.job</c>.</summary>
public static class DockerLeftovers
{
    public static IReadOnlyList<string> Containers() => List("ps", "-a");

    public static IReadOnlyList<string> Networks() => List("network", "ls");

    public static IReadOnlyList<string> Volumes() => List("volume", "ls");

    public static void AssertNone()
    {
        Assert.That(Containers(), Is.Empty, "containers labelled cion.job were left behind");
        Assert.That(Networks(), Is.Empty, "networks labelled cion.job were left behind");
        Assert.That(Volumes(), Is.Empty, "volumes labelled cion.job were left behind");
    }

    public static void RemoveAll()
    {
        foreach (var id in Containers()) Shell.Run("docker", "rm", "-f", id);
        foreach (var id in Networks()) Shell.Run("docker", "network", "rm", id);
        foreach (var id in Volumes()) Shell.Run("docker", "volume", "rm", "-f", id);
    }

    private static IReadOnlyList<string> List(params string[] command)
    {
        var result = Shell.Run("docker", [.. command, "-q", "--filter", "label=cion.job"]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"docker {string.Join(' ', command)} failed: {result.Output}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
