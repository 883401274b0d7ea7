namespace Cion.Core.Swarm;

/// <summary>
/// Pure: whether a node meets a placement constraint, for <c>ciond --check</c> to say which nodes can take
/// jobs. Swarm remains the judge when it places a runner; this knows the attributes sites use
/// (<c>node.id</c>, <c>node.hostname</c>, <c>node.role</c>, <c>node.labels.*</c>) and says "unknown" for the rest.
/// </summary>
public static class ConstraintMatch
{
    /// <returns>True or false; null when the constraint names an attribute this does not know.</returns>
    public static bool? Matches(SwarmNode node, string constraint)
    {
        if (Config.SwarmConstraint.Parts(constraint) is not var (key, equals, wanted)) return null;
        string? actual = key switch
        {
            "node.id" => node.Id,
            "node.hostname" => node.Hostname,
            "node.role" => node.Manager ? "manager" : "worker",
            _ when key.StartsWith("node.labels.", StringComparison.Ordinal) => node.Labels.TryGetValue(key["node.labels.".Length..], out var v) ? v : "",
            _ => null,
        };
        if (actual is null) return null;
        // Swarm compares values without regard to case, names (ids, hostnames) too.
        var same = string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase);
        return equals ? same : !same;
    }

    /// <returns>The first constraint the node fails, "" when it meets them all, or null when one cannot be judged here.</returns>
    public static string? FirstUnmet(SwarmNode node, IEnumerable<string> constraints)
    {
        foreach (var constraint in constraints)
        {
            var met = Matches(node, constraint);
            if (met is null) return null;
            if (met == false) return constraint;
        }
        return "";
    }
}
