using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Reads <c>services:</c>, a map of name to <c>image</c>, <c>env</c>, <c>cmd</c>, <c>privileged</c>,
/// <c>port</c> and <c>steps</c>. A name becomes a host name on the job's network, so it must be a
/// DNS label; <c>docker</c> is taken by the per-job engine.
/// </summary>
internal static partial class ServicesReader
{
    private static readonly string[] Known = ["image", "env", "cmd", "privileged", "port", "steps"];

    public static IReadOnlyList<ServiceConfig> Read(YamlTree tree, YamlNode node)
    {
        if (node is YamlScalarNode s && YamlTree.IsNull(s)) return [];
        if (tree.Mapping(node, "services", "a map of service names to settings") is not { } map) return [];
        var services = new List<ServiceConfig>();
        foreach (var (name, keyNode, value) in YamlTree.Entries(map))
        {
            var where = $"services.{name}";
            if (!DnsLabel().IsMatch(name))
                tree.Fail(keyNode, where, "a service name must be a host name: lowercase letters, digits and '-'");
            else if (name == ServiceConfig.EngineName)
                tree.Fail(keyNode, where, "reserved: 'docker' is the job's own Docker engine (turn it off per step with docker: false)");
            else if (ReadOne(tree, value, name, where) is { } service)
                services.Add(service);
        }
        return services;
    }

    private static ServiceConfig? ReadOne(YamlTree tree, YamlNode node, string name, string where)
    {
        if (tree.Mapping(node, where) is not { } map) return null;
        string? image = null;
        var service = new ServiceConfig { Name = name, Image = "" };
        foreach (var (key, keyNode, value) in YamlTree.Entries(map))
        {
            var at = $"{where}.{key}";
            if (key == "image")
            {
                image = tree.Image(value, at);
                continue;
            }
            service = key switch
            {
                "env" => EnvReader.Read(tree, value, at) is { } env ? service with { Env = env } : service,
                "cmd" => service with { Cmd = ConfigParser.ReadCmd(tree, value, at) },
                "privileged" => service with { Privileged = tree.Boolean(value, at) ?? false },
                "port" => service with { Port = tree.Integer(value, at, 1, 65535) },
                "steps" => ReadSteps(tree, value, at) is { } steps ? service with { Steps = steps } : service,
                _ => Unknown(tree, keyNode, at, service),
            };
        }
        if (image is null && !YamlTree.Entries(map).Any(e => e.Key == "image"))
            tree.Fail(node, $"{where}.image", "missing: the service needs an image to run");
        return image is null ? null : service with { Image = image };
    }

    private static List<string>? ReadSteps(YamlTree tree, YamlNode node, string at)
    {
        var steps = tree.StringList(node, at);
        if (steps?.FirstOrDefault(s => s is not (StepNames.Build or StepNames.Test or StepNames.Release)) is { } wrong)
        {
            tree.Fail(node, at, $"'{wrong}' is not a step (steps: build, test, release)");
            return null;
        }
        return steps;
    }

    private static ServiceConfig Unknown(YamlTree tree, YamlNode keyNode, string at, ServiceConfig service)
    {
        tree.Fail(keyNode, at, $"unknown key (known: {string.Join(", ", Known)})");
        return service;
    }

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
