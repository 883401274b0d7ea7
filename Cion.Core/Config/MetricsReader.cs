using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the server config's <c>metrics</c> map. <c>textfile</c> is where ciond also writes its
/// Prometheus metrics for node_exporter's textfile collector, which reads only <c>*.prom</c> files.
/// </summary>
internal static class MetricsReader
{
    private const string Known = "textfile";

    public static ServerConfig Read(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "metrics", "a map such as {textfile: /var/lib/node_exporter/textfile_collector/cion.prom}") is not { } map)
            return config;
        foreach (var (key, keyNode, child) in YamlTree.Entries(map))
        {
            var at = $"metrics.{key}";
            if (key != "textfile") config = ServerConfigParser.Unknown(tree, keyNode, at, config, Known);
            else if (tree.String(child, at) is { } path)
            {
                if (TextFileProblem(path) is { } problem) tree.Fail(child, at, problem);
                else config = config with { MetricsTextFile = path };
            }
        }
        return config;
    }

    /// <summary>Null when <paramref name="path"/> can be the textfile; else why not.</summary>
    public static string? TextFileProblem(string path) =>
        !Path.IsPathFullyQualified(path) ? $"'{path}' is not an absolute path"
        : path.EndsWith('/') ? $"'{path}' names a folder: give the file, such as {path}cion.prom"
        : !path.EndsWith(".prom", StringComparison.Ordinal) ? $"'{path}' does not end in .prom, the only files node_exporter's textfile collector reads"
        : path.Split('/').Any(p => p is "." or "..") ? $"'{path}' has a . or .. part"
        : null;
}
