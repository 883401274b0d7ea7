namespace Cion.Bench.Support;

/// <summary>
/// What a bench site with a layer cache keeps by design after its daemon stops: cache volumes
/// (labelled <c>cion.cache.repo</c>) and warm engines (labelled <c>cion.warm</c>), neither labelled
/// <c>cion.job</c>. Removed here so a run leaves nothing on the engine and the next run starts cold.
/// </summary>
public static class CacheLeftovers
{
    public const string CacheLabel = "cion.cache.repo", WarmLabel = "cion.warm";

    /// <summary>This site's containers or volumes carrying <paramref name="label"/>: ids of containers, names of volumes.</summary>
    public static IReadOnlyList<string> Of(Site site, string label, bool volumes = false)
    {
        // The owner label is the site's state folder: another site's (or engineer's) caches are not ours.
        string[] list = volumes ? ["volume", "ls"] : ["ps", "-a"];
        var key = volumes ? "{{.Name}}" : "{{.ID}}";
        var output = Proc.Run("docker", [.. list, "--filter", $"label={label}", "--format", key + " {{.Label \"cion.state\"}}"]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2))
            .Where(p => p.Length == 2 && p[1].StartsWith(site.Root, StringComparison.Ordinal)).Select(p => p[0])];
    }

    /// <summary>Stops the daemon first: a running one could start a warm engine on a volume being removed.</summary>
    public static void Remove(Site site)
    {
        site.StopDaemon();
        foreach (var id in Of(site, WarmLabel)) Proc.Run("docker", ["rm", "-f", id]);
        foreach (var name in Of(site, CacheLabel, volumes: true)) Proc.Run("docker", ["volume", "rm", "-f", name]);
    }
}
