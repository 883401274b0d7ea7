using Cion.Core.Config;
using Cion.Core.ConfigFiles;
using Cion.Core.Containers;
using Cion.Core.Git;
using Cion.Core.Queries;
using Cion.Core.Secrets;
using Cion.Core.State;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Jobs;

/// <summary>
/// Runs a job's notifications (<c>notify:</c>, the server's then the repository's) once its status is
/// final: each whose <c>on:</c> names an event of the job's end (<see cref="NotifyEvents"/>), all at once,
/// each within its own timeout. Their story is <c>notify.log</c> in the run; cion.log says how many ran
/// and how many failed. Never throws and never writes the job's status or result.
/// </summary>
/// <remarks>
/// The repository's list is read again from the commit in the bare repository: the checkout is gone by now,
/// and a job that never got as far as its config (or whose config is broken) still gets the server's.
/// A daemon that dies while notifications run does not run them again: the job's claim is already settled,
/// and the start-up sweep removes their containers (labelled with the job's id).
/// </remarks>
public sealed class Notifier(FileStateStore store, IContainerEngine engine, ServerConfig server, TimeProvider clock, ILogger<Notifier> logger)
{
    public const string LogName = "notify.log";

    private sealed record Chosen(NotifyConfig Notify, string Name, string Label, bool FromSite);

    /// <param name="stopping">The daemon is stopping: notifications still running are given up, their containers removed.</param>
    public async Task NotifyAsync(Job job, CancellationToken stopping)
    {
        try
        {
            var run = store.Layout.Run(job);
            if (FileStateStore.ReadStatus(run) is not { } status || !status.IsFinal()) return; // only ever after the end
            var (repoList, unread) = RepoList(job);
            if (server.Notify.Count == 0 && repoList.Count == 0) return;
            var facts = Facts(job, run, status);
            var happened = NotifyEvents.Of(facts);
            var chosen = Choose(server.Notify, "site", "site-", fromSite: true, happened)
                .Concat(Choose(repoList, CionConfig.FileName, "", fromSite: false, happened)).ToList();
            if (chosen.Count == 0) return;
            await RunAllAsync(job, run, facts, happened, chosen, unread, stopping);
        }
        catch (Exception e)
        {
            logger.LogError(e, "job {JobId}: its notifications could not run", job.Id);
        }
    }

    private async Task RunAllAsync(Job job, RunPaths run, NotifyFacts facts, IReadOnlySet<NotifyEvent> happened, List<Chosen> chosen, string? unread,
        CancellationToken stopping)
    {
        using var notifyLog = new RunLog(Path.Combine(run.Dir, LogName), clock);
        using var cionLog = new RunLog(run.CionLog, clock);
        var gate = new object();
        void Log(string line) { lock (gate) notifyLog.Write(line); }
        var secrets = NotifySecrets.Load(server.Secrets, job.Repo, Log);
        notifyLog.Mask = new SecretMask(secrets.Values);
        var events = string.Join(", ", happened.Select(e => e.ToWord()));
        Log($"job {job.Id} ended {facts.Status.ToWord()} (previous on {job.Ref}: {facts.Previous?.ToWord() ?? "none"}): events {events}");
        if (unread is not null) Log($"the repository's notify list was not read: {unread}");
        var result = File.Exists(run.Result) ? run.Result : null;
        var failures = await Task.WhenAll(chosen.Select(c => RunOneAsync(job, c, secrets, facts, result, notifyLog.Mask, Log, stopping)));
        var failed = failures.Count(f => f is not null);
        var summary = $"notify: {chosen.Count - failed} of {chosen.Count} notifications sent" + (failed > 0 ? $"; {failed} failed, see {LogName}" : "");
        cionLog.Write(summary);
        if (failed > 0) logger.LogWarning("job {JobId}: {Summary}", job.Id, summary);
    }

    private async Task<string?> RunOneAsync(Job job, Chosen chosen, NotifySecrets secrets, NotifyFacts facts, string? result, SecretMask mask,
        Action<string> log, CancellationToken stopping)
    {
        var (ready, refusal) = secrets.Apply(chosen.Notify, chosen.FromSite);
        if (ready is null)
        {
            log($"{chosen.Label}: not run: {chosen.Label}.secrets: {refusal}");
            return refusal;
        }
        var spec = NotifySpecBuilder.For(job, ready, chosen.Name, facts, result);
        return await NotifyContainer.RunAsync(engine, spec, ready.Timeout, chosen.Label, mask, log, clock, stopping);
    }

    private static IEnumerable<Chosen> Choose(IReadOnlyList<NotifyConfig> list, string source, string prefix, bool fromSite, IReadOnlySet<NotifyEvent> happened) =>
        list.Select((n, i) => new Chosen(n, $"{prefix}{i}", $"{source} {NotifyReader.Key}[{i}] ({n.Image})", fromSite))
            .Where(c => NotifyEvents.Fires(c.Notify, happened));

    /// <returns>The commit's notify list, or none and why it could not be read.</returns>
    private static (IReadOnlyList<NotifyConfig> List, string? Unread) RepoList(Job job)
    {
        try
        {
            return (CommittedConfigFile.Read(job.RepoPath, job.New).Config.Notify, null);
        }
        catch (Exception e) when (e is ConfigException or CheckoutException)
        {
            return ([], e.Message);
        }
    }

    private NotifyFacts Facts(Job job, RunPaths run, JobState status)
    {
        var result = File.Exists(run.Result) ? KeyValueText.Parse(File.ReadAllText(run.Result)) : [];
        var environment = result.GetValueOrDefault("environment");
        var url = server.WebUrl is { } site ? JobPageUrl.For(site, job.Repo, job.Id.Value) : null;
        return new NotifyFacts(status, BranchHistory.PreviousStatus(store.Layout, job), environment,
            Deployed: status == JobState.Succeeded && environment is not null && result.GetValueOrDefault("release_exit") == "0", url);
    }
}
