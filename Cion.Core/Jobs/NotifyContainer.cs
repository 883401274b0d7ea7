using Cion.Core.Containers;
using Cion.Core.Secrets;

namespace Cion.Core.Jobs;

/// <summary>
/// One notification's container, from its image to its removal, all within its timeout. What it printed
/// goes to <c>notify.log</c> after its lines; whatever happens, the container is removed and nothing
/// is thrown: a notification never changes the job it reports on.
/// </summary>
internal static class NotifyContainer
{
    /// <summary>A notification says little; more than this is cut (a marker says so).</summary>
    private const long OutputLimit = 64 * 1024;

    /// <param name="log">Thread-safe: several notifications of one job write at once.</param>
    /// <param name="stopping">The daemon is stopping: the notification is given up and its container removed.</param>
    /// <returns>Why it did not succeed, or null when it exited 0.</returns>
    public static async Task<string?> RunAsync(IContainerEngine engine, ContainerSpec spec, TimeSpan timeout, string label,
        SecretMask mask, Action<string> log, TimeProvider clock, CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(timeout);
        var output = new MemoryStream();
        var start = clock.GetTimestamp();
        string? failure;
        try
        {
            await engine.EnsureImageAsync(spec.Image, line => log($"{label}: {line}"), limit.Token);
            log($"{label}: starting container {spec.Name} (timeout {Config.Duration.Format(timeout)})");
            var id = await engine.StartDetachedAsync(spec, limit.Token);
            await using (var masked = new MaskingStream(output, mask))
            {
                var exit = await engine.FollowToEndAsync(id, masked, 0, limit.Token, OutputLimit);
                failure = exit == 0 ? null : $"exited {exit}";
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            failure = "not finished: ciond is stopping";
        }
        catch (OperationCanceledException)
        {
            failure = $"timed out after {Config.Duration.Format(timeout)}";
        }
        catch (Exception e)
        {
            // The image, the engine's refusal, an engine out of reach: each is said in notify.log, none reaches the job.
            failure = e.Message;
        }
        var removed = await engine.RemoveAsync(spec.Name);
        log($"{label}: {failure ?? "sent"} after {clock.GetElapsedTime(start).TotalSeconds:0.0} s" + (removed.Complete ? "" : $"; {removed.DescribeLeft()}"));
        foreach (var line in System.Text.Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n').Split('\n').Where(l => l.Length > 0))
            log($"{label} | {line}");
        return failure;
    }
}
