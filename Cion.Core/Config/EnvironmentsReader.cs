using System.Text.RegularExpressions;
using Cion.Core.Git;
using YamlDotNet.RepresentationModel;

namespace Cion.Core.Config;

/// <summary>
/// Pure: the server config's <c>environments</c> map, repository glob → environment → rule.
/// Every mistake is an error: a rule that silently read as "no rule" would let any pushed
/// <c>.cion.yml</c> release anywhere again.
/// </summary>
internal static partial class EnvironmentsReader
{
    private const string Known = "branches, users";

    public static ServerConfig Read(YamlTree tree, YamlNode value, ServerConfig config)
    {
        if (tree.Mapping(value, "environments", "a map of repository globs to environments, such as {\"team/*\": {production: {branches: [main]}}}") is not { } map)
            return config;
        var rules = new List<EnvironmentRule>();
        foreach (var (glob, globNode, environments) in YamlTree.Entries(map))
        {
            var at = $"environments.{glob}";
            if (RepoGlob.Problem(glob) is { } problem) tree.Fail(globNode, at, problem);
            else if (tree.Mapping(environments, at, "a map of environment names to rules, such as {production: {branches: [main]}}") is { } envs)
                rules.AddRange(ReadEnvironments(tree, glob, envs, at));
        }
        return config with { Environments = rules };
    }

    private static IEnumerable<EnvironmentRule> ReadEnvironments(YamlTree tree, string glob, YamlMappingNode envs, string at)
    {
        foreach (var (name, nameNode, ruleNode) in YamlTree.Entries(envs))
        {
            var key = $"{at}.{name}";
            if (ConfigParser.EnvironmentName(tree, nameNode, key) is null) continue;
            if (tree.Mapping(ruleNode, key, "a map such as {branches: [main], users: [alice, \"@ops\"]}") is not { } rule) continue;
            if (ReadRule(tree, glob, name, rule, key) is { } read) yield return read;
        }
    }

    private static EnvironmentRule? ReadRule(YamlTree tree, string glob, string environment, YamlMappingNode rule, string at)
    {
        List<string>? branches = null, users = null;
        var ok = true;
        foreach (var (key, keyNode, child) in YamlTree.Entries(rule))
        {
            var path = $"{at}.{key}";
            switch (key)
            {
                case "branches": ok &= (branches = Checked(tree, child, path, BranchProblem)) is not null; break;
                case "users": ok &= (users = Checked(tree, child, path, UserProblem)) is not null; break;
                default: tree.Fail(keyNode, path, $"unknown key (known: {Known})"); ok = false; break;
            }
        }
        // No default for branches: the admin writing a rule says which ones, and a rule without
        // them would mean neither "all" nor "none" to every reader.
        if (branches is null && ok) tree.Fail(rule, $"{at}.branches", "required: the branch globs that may release here ([] for none)");
        return ok && branches is not null ? new EnvironmentRule(glob, environment, branches, users) : null;
    }

    /// <summary>A list of strings each of which <paramref name="problem"/> accepts; null when anything was wrong.</summary>
    private static List<string>? Checked(YamlTree tree, YamlNode node, string at, Func<string, string?> problem)
    {
        var before = tree.Errors.Count;
        var items = tree.StringList(node, at);
        if (items is null) return null;
        for (var i = 0; i < items.Count; i++)
            if (problem(items[i]) is { } why) tree.Fail(node is YamlSequenceNode seq ? seq.Children[i] : node, node is YamlSequenceNode ? $"{at}[{i}]" : at, why);
        return tree.Errors.Count == before ? items : null;
    }

    private static string? BranchProblem(string glob) =>
        glob.Length == 0 ? "an empty glob matches no branch"
        : glob.StartsWith("refs/", StringComparison.Ordinal) ? $"'{glob}' is a ref: write branch names as in release.branches (main, release/*)"
        : null;

    private static string? UserProblem(string name) =>
        UserName().IsMatch(name) ? null : $"'{name}' is neither a user name nor an @group";

    // The portable user and group names of POSIX useradd/groupadd, with "@" for a group.
    [GeneratedRegex(@"^@?[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$")]
    private static partial Regex UserName();
}
