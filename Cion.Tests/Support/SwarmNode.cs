namespace Cion.Tests.Support;

/// <summary>One node as the test swarm's manager reports it (<c>docker node inspect</c>).</summary>
/// <param name="Hostname">The node container's name: swarm-up.sh sets each container's hostname to it.</param>
/// <param name="State">Swarm's word: <c>ready</c>, <c>down</c>, <c>unknown</c>.</param>
/// <param name="Availability"><c>active</c>, <c>pause</c> or <c>drain</c>.</param>
/// <param name="Address">Status.Addr: where the host reaches the node (and the ports its tasks publish in host mode).</param>
public sealed record SwarmNode(string Id, string Hostname, string Role, string State, string Availability, string Address,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The inspect template whose line <see cref="Parse"/> reads: tab-separated, labels last as k=v pairs.</summary>
    public const string Format =
        "{{.ID}}\t{{.Description.Hostname}}\t{{.Spec.Role}}\t{{.Status.State}}\t{{.Spec.Availability}}\t{{.Status.Addr}}" +
        "{{range $k, $v := .Spec.Labels}}\t{{$k}}={{$v}}{{end}}";

    public static SwarmNode Parse(string line)
    {
        var fields = line.Split('\t');
        var labels = fields.Skip(6).Select(f => f.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");
        return new(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], labels);
    }

    public bool IsRunner => Labels.TryGetValue("cion", out var role) && role == "runner";
}
