namespace Cion.Core.Swarm;

/// <summary>
/// Pure data: the one-shot Swarm service that holds a job's place on a node. Its task runs
/// cion-runner, the gateway through which ciond drives that node's engine.
/// </summary>
/// <param name="Constraints">The site's <c>swarm.constraints</c>, then <c>node.id!=…</c> for each node at its cap.</param>
/// <param name="Keys">The secret the runner proves itself with and checks ciond by (<see cref="RunnerKeys"/>' runner half).</param>
/// <param name="NodeVolumes">The node's volumes folder, mounted into the runner at <see cref="VolumesMount"/>; null: not mounted.</param>
public sealed record RunnerServiceSpec(
    string JobId, string Image, int Port, IReadOnlyList<string> Constraints, double? ReserveCpus, long? ReserveMemory, byte[] Keys,
    string? NodeVolumes = null)
{
    /// <summary>Where the runner sees the node's volumes folder.</summary>
    public const string VolumesMount = "/cion-volumes";

    /// <summary>Where the runner finds its keys inside the task (a Swarm secret is a file under /run/secrets).</summary>
    public const string KeysFile = "cion-keys";

    /// <summary>A Swarm service name allows letters, digits and dashes: a job id's dot becomes a dash.</summary>
    public static string ServiceName(string jobId) => "cion-" + jobId.Replace('.', '-');
}
