namespace Cion.Core.Containers;

/// <summary>
/// The job's own network, created the first time a step has services, so a job that
/// needs none does not pay for one. Removed with the job's other labelled resources.
/// </summary>
public sealed class JobNetwork(IContainerEngine engine, string jobId, IReadOnlyDictionary<string, string> labels)
{
    private bool _created;

    public string Name => Labels.NetworkName(jobId);

    public async Task EnsureAsync(Action<string> log, CancellationToken ct)
    {
        if (_created) return;
        if (await engine.NetworkExistsAsync(Name, ct))
            log($"reusing network {Name}, left by the daemon before");
        else
        {
            await engine.CreateNetworkAsync(Name, labels, ct);
            log($"created network {Name}");
        }
        _created = true;
    }
}
