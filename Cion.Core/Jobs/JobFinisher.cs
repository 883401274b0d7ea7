using Cion.Core.Git;
using Cion.Core.Metrics;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Jobs;

/// <summary>Writes a run's end: the result file, the git note on its commit, and last the final status.</summary>
public sealed class JobFinisher(FileStateStore store, ResultNotes notes, TimeProvider clock, ILogger<JobFinisher> logger, CionMetrics? metrics = null)
{
    public async Task FinishAsync(Job job, RunPaths run, RunLog log, JobOutcome outcome, PhaseTimer timer, DateTimeOffset started)
    {
        var finished = clock.GetUtcNow();
        store.WriteResult(run, new ResultFile
        {
            Status = outcome.State.ToWord(),
            QueuedAt = job.QueuedAt, StartedAt = started, FinishedAt = finished,
            BuildExit = outcome.BuildExit, HasTestStep = outcome.HasTestStep, TestExit = outcome.TestExit, ReleaseExit = outcome.ReleaseExit,
            ReleaseSkippedBecause = outcome.ReleaseSkippedBecause, TimedOutStep = outcome.TimedOutStep,
            Environment = outcome.Environment, Error = outcome.Error, Node = outcome.Node,
            Phases = timer.Phases,
        });
        // A deploy's commit keeps its build's note: the ledger records the deploy.
        if (job.Deploy is null) await WriteNoteAsync(job, run, log, outcome);
        store.SetStatus(run, outcome.State);
        metrics?.JobFinished(job.Repo, outcome.State, timer.Phases);
        log.Write($"finished: {outcome.State.ToWord()} in {(finished - started).TotalSeconds:0.0} s");
        logger.LogInformation("job {JobId} {Repo} {Sha} finished: {Status}", job.Id, job.Repo, job.ShortSha, outcome.State.ToWord());
    }

    /// <summary>A queued job someone cancelled: it never starts, and its files say so.</summary>
    public async Task CancelQueuedAsync(Job job, RunPaths run, string requestedBy)
    {
        using var log = new RunLog(run.CionLog, clock);
        log.Write($"cancelled before it started ({requestedBy})");
        var outcome = new JobOutcome { State = JobTransitions.Next(JobState.Queued, JobEvent.Cancelled), ReleaseSkippedBecause = "cancelled" };
        await FinishAsync(job, run, log, outcome, new PhaseTimer(clock), clock.GetUtcNow());
    }

    /// <summary>The note is a convenience copy of the result: failing to write it is logged, never fatal.</summary>
    private async Task WriteNoteAsync(Job job, RunPaths run, RunLog log, JobOutcome outcome)
    {
        var deployed = outcome.ReleaseExit == 0 ? outcome.Environment : null;
        var text = $"cion: {outcome.State.ToWord()}\njob: {job.Id.Value}\nref: {job.Ref}\nrun: {run.Dir}\n" + TestNote.Line(outcome) +
            (deployed is not null ? $"deployed: {deployed}\n" : $"deployed: no ({outcome.ReleaseSkippedBecause ?? "release did not succeed"})\n");
        try
        {
            await notes.WriteAsync(job.RepoPath, job.New, text);
        }
        catch (Exception e) when (e is LibGit2Sharp.LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            log.Write($"could not write the git note: {e.Message}");
        }
    }
}
