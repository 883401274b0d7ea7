using Cion.Core.Containers;

namespace Cion.Core.Jobs;

/// <summary>
/// The step's own container, from start (or adoption) to exit, its output in the step's log.
/// Every way out but the daemon stopping removes the container; the daemon stopping leaves it running.
/// </summary>
internal static class StepContainer
{
    private const int KeptOnDiskFull = 64 * 1024;

    /// <summary>How often one step may make room on a full disk and carry on before it fails for it.</summary>
    private const int MaxReliefs = 3;

    /// <param name="logLimit">The most the step's log may hold.</param>
    /// <param name="room">Removes layer caches when the disk fills; null: a full disk fails the step at once.</param>
    public static async Task<int> RunAsync(IContainerEngine engine, StepContext step, StepAdoptionDecision decision, long logLimit, TimeProvider clock, DiskRoom? room = null)
    {
        var id = await StartOrAdoptAsync(engine, step, decision);
        var start = clock.GetTimestamp();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(step.Cancel);
        if (decision.Limit is { } limit) timer.CancelAfter(limit);
        var resume = decision.AdoptsContainer;
        var reliefs = 0;
        int exit;
        while (true)
        {
            // Secrets are masked on the way to the log, also when a value arrives split across writes.
            await using var output = new Secrets.MaskingStream(new FileStream(step.LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), step.Log.Mask);
            try
            {
                // Resumed (adopted, or after making room): what the log holds already is skipped, what did not reach it is read again.
                exit = (int)await engine.FollowToEndAsync(id, output, resume ? output.Length : 0, timer.Token, logLimit);
                break;
            }
            catch (OperationCanceledException) when (!step.Cancel.IsCancellationRequested)
            {
                await engine.RemoveAsync(id);
                throw new StepTimedOutException(step.Name, step.Timeout);
            }
            catch (IOException e) when (IsDiskFull(e))
            {
                try { await output.DisposeAsync(); }
                catch (IOException) { } // what it still held does not fit either; it is read again on resuming
                if (room is not null && reliefs++ < MaxReliefs && await room.MakeAsync(step.Log.Write))
                {
                    step.Log.Write($"{step.Name}: carries on after making room on the disk");
                    resume = true;
                    continue;
                }
                // The log filled the disk. Stop the step, and cut its log back so the job's status,
                // result and cion.log lines still fit: a job always ends in a final state.
                await engine.RemoveAsync(id);
                CutShort(step.LogPath);
                throw new DiskFullException(step.Name, step.LogPath, e);
            }
            catch (OperationCanceledException) when (!step.Stopping.IsCancellationRequested)
            {
                // Cancelled (cion cancel): the container goes now. A stopping daemon leaves it running.
                await engine.RemoveAsync(id);
                throw;
            }
        }
        step.Progress.MarkExited(step.Name, exit);
        await engine.RemoveAsync(id);
        step.Log.Write($"{step.Name}: exited {exit} after {clock.GetElapsedTime(start).TotalSeconds:0.0} s");
        return exit;
    }

    private static async Task<string> StartOrAdoptAsync(IContainerEngine engine, StepContext step, StepAdoptionDecision decision)
    {
        if (decision.Container is not { } adopted)
        {
            step.Log.Write($"{step.Name}: starting container {step.Container.Name} from {step.Container.Image} (timeout {Config.Duration.Format(step.Timeout)})");
            // Checkpoint: 'started' is on disk before the container exists, so a restart looks for it.
            step.Progress.MarkStarted(step.Name);
            return await engine.StartDetachedAsync(step.Container, step.Cancel);
        }
        step.Log.Write($"{step.Name}: adopted container {step.Container.Name} ({adopted.State})");
        if (decision.Kind == StepAdoptionKind.StartCreated)
            await engine.StartAsync(adopted.Id, step.Cancel); // the crash came between create and start
        return adopted.Id;
    }

    private static bool IsDiskFull(IOException e) =>
        e.HResult == 28 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase); // ENOSPC

    private static void CutShort(string logPath)
    {
        try
        {
            using var log = new FileStream(logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            log.SetLength(Math.Min(log.Length, KeptOnDiskFull));
            log.Seek(0, SeekOrigin.End);
            log.Write("\n[cion: the disk under the state directory is full; the step was stopped and this log cut short]\n"u8);
        }
        catch (IOException)
        {
            // Even the marker does not fit: the cut itself already freed what it could.
        }
    }
}
