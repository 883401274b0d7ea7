using Cion.Core.Config;
using Cion.Core.Containers;
using Cion.Core.Spool;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Scheduling;

/// <summary>
/// At start, before any job runs: removes what jobs no daemon holds any more left behind, the
/// containers, networks and volumes in Docker and the checkouts under STATE/work. A job still
/// claimed in spool/cur (adopted next, or held by another daemon on the same spool) keeps its own,
/// and on a Swarm its place (runner service) too.
/// </summary>
public sealed class LeftoverSweep(ServerConfig config, SpoolQueue queue, FileStateStore store, IContainerEngine engine, Jobs.IJobHosts hosts,
    ILogger<LeftoverSweep> logger)
{
    /// <summary>Never throws but for a stop: an engine that does not answer is logged, and jobs then end in error on their own.</summary>
    public async Task RemoveAsync(CancellationToken ct)
    {
        try
        {
            // The resources are listed before cur/ is read: a job another daemon claims meanwhile
            // is then in the claimed set, never mistaken for a leftover.
            IReadOnlySet<string> Claimed() => queue.Claimed().Select(n => n[..^JobFile.Extension.Length]).ToHashSet();
            var workDirs = Directory.Exists(store.Layout.Work) ? Directory.GetDirectories(store.Layout.Work) : [];
            var report = await engine.RemoveLeftoversAsync(Claimed, ct);
            // A Swarm runner of a job no daemon holds removes that job's containers on its node as it stops.
            await hosts.SweepAsync(Claimed, ct);
            RemoveStaleWorkDirs(workDirs, Claimed());
            if (report.Removed > 0) logger.LogWarning("removed {Count} containers, networks and volumes left by an earlier daemon", report.Removed);
            if (!report.Complete) logger.LogWarning("leftovers: {Left}; the next start tries again", report.DescribeLeft());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "cannot reach the Docker engine at {Endpoint}; jobs will end in error until it answers", config.Docker);
        }
    }

    /// <summary>Checkouts of jobs that are no longer claimed: a crash between a job's end and its cleanup leaves them.</summary>
    private void RemoveStaleWorkDirs(IEnumerable<string> workDirs, IReadOnlySet<string> claimed)
    {
        foreach (var dir in workDirs.Where(d => !claimed.Contains(Path.GetFileName(d))))
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { logger.LogWarning(e, "cannot remove {Dir}", dir); }
        }
    }
}
