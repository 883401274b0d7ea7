using Cion.Core.Jobs;
using Cion.Core.Spool;
using Cion.Core.State;

namespace Cion.Core.Queries;

/// <summary>
/// Reads runs back from the state directory, for the <c>cion</c> command. Only reads: any
/// user who may read the files may use it, and it needs no daemon.
/// </summary>
public sealed class StateReader(StateLayout layout)
{
    /// <summary>Every run, or every run of one repo, in no particular order. Unreadable runs are skipped.</summary>
    public IEnumerable<RunRecord> Runs(string? repo = null)
    {
        var root = repo is null ? layout.Jobs : layout.RepoDir(repo);
        return Directory.Exists(root) ? CommitDirs(root).SelectMany(RunsOf) : [];
    }

    public RunRecord? Read(RunPaths paths)
    {
        try
        {
            var job = JobFile.Parse(File.ReadAllText(paths.Job));
            var result = File.Exists(paths.Result) ? KeyValueText.Parse(File.ReadAllText(paths.Result)) : [];
            return new RunRecord(job, FileStateStore.ReadStatus(paths), result, paths);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Commit folders are the 40- or 64-hex-digit folders holding <c>runs/</c>; every other real folder may hold more repos.</summary>
    private static IEnumerable<string> CommitDirs(string dir)
    {
        foreach (var child in Directory.EnumerateDirectories(dir))
        {
            if (new DirectoryInfo(child).LinkTarget is not null) continue; // latest, branch links
            if (Git.RefUpdate.IsSha(Path.GetFileName(child)) && Directory.Exists(Path.Combine(child, StateLayout.RunsDir)))
                yield return child;
            else
                foreach (var nested in CommitDirs(child)) yield return nested;
        }
    }

    private IEnumerable<RunRecord> RunsOf(string commitDir) =>
        Directory.EnumerateDirectories(Path.Combine(commitDir, StateLayout.RunsDir))
            .Select(dir => Read(new RunPaths(dir))).OfType<RunRecord>();
}
