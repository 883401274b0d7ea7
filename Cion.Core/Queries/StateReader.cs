using System.IO.Enumeration;
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
    public IEnumerable<RunRecord> Runs(string? repo = null) => ReadAll(RunDirs(repo).Select(r => r.Dir));

    /// <summary>
    /// Runs newest first, read one at a time as the caller takes them: a run's folder is named
    /// after its job id, which sorts by queue time, so ordering needs only the ids (from each
    /// repo's runs.index) and <c>cion jobs</c> reads the files of the runs it shows, not of all history.
    /// </summary>
    public IEnumerable<RunRecord> NewestFirst(string? repo = null) =>
        ReadAll(RunDirs(repo).OrderByDescending(r => r.Id, StringComparer.Ordinal).Select(r => r.Dir));

    /// <summary>The run of one job id, reading no other run's files.</summary>
    public RunRecord? ById(JobId id) => ReadAll(RunDirs(null).Where(r => r.Id == id.Value).Select(r => r.Dir)).FirstOrDefault();

    /// <summary>The run of one job id in one repo: reads only that repo's runs.index, not every repo's.</summary>
    public RunRecord? ById(string repo, JobId id) =>
        ReadAll(RunDirs(repo).Where(r => r.Id == id.Value).Select(r => r.Dir)).FirstOrDefault();

    /// <summary>
    /// One repo's runs as its commit folders hold them, ignoring runs.index: for retention, which
    /// runs after every job and must see exactly what is on disk (the index keeps lines of removed runs).
    /// </summary>
    public IEnumerable<RunRecord> RunsOnDisk(string repo) => ReadAll(WalkCommits(layout.RepoDir(repo)).Select(r => r.Dir));

    /// <summary>Index lines of runs that retention removed are skipped with a stat, not a failed read.</summary>
    private IEnumerable<RunRecord> ReadAll(IEnumerable<string> dirs) =>
        dirs.Where(Directory.Exists).Select(dir => Read(new RunPaths(dir))).OfType<RunRecord>();

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

    /// <summary>Every run's id and folder, once each: from runs.index where a repo has one, else by walking its commit folders.</summary>
    private IEnumerable<(string Id, string Sha, string Dir)> RunDirs(string? repo)
    {
        var root = repo is null ? layout.Jobs : layout.RepoDir(repo);
        if (!Directory.Exists(root)) return [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return (repo is null ? Tree(root) : Repo(root)).Where(r => seen.Add(r.Id));
    }

    /// <summary>A folder of the jobs tree: maybe a repo (it has commit folders), maybe only a parent of repos, or both.</summary>
    private static IEnumerable<(string Id, string Sha, string Dir)> Tree(string dir) =>
        Repo(dir).Concat(Children(dir).Where(c => !c.IsCommit && c.IsRealDirectory).SelectMany(c => Tree(Path.Combine(dir, c.Name))));

    private static IEnumerable<(string Id, string Sha, string Dir)> Repo(string repoDir)
    {
        var index = Path.Combine(repoDir, RunIndex.FileName);
        return File.Exists(index) ? RunIndex.Read(index) : WalkCommits(repoDir);
    }

    /// <summary>What a repo folder written before runs.index existed holds: SHA/runs/JOB_ID folders.</summary>
    internal static IEnumerable<(string Id, string Sha, string Dir)> WalkCommits(string repoDir) =>
        Children(repoDir).Where(c => c.IsCommit)
            .SelectMany(c => Children(Path.Combine(repoDir, c.Name, StateLayout.RunsDir)).Where(r => JobId.TryParse(r.Name, out _))
                .Select(r => (r.Name, c.Name, Path.Combine(repoDir, c.Name, StateLayout.RunsDir, r.Name))));

    /// <summary>
    /// A folder's entries by name, with no stat per entry (the default options stat each one to
    /// work out attributes, which costs more than the listing for 100,000 commit folders).
    /// Commit folders are told by their name alone; links (latest, branches/…) are not real folders.
    /// </summary>
    private static IEnumerable<(string Name, bool IsCommit, bool IsRealDirectory)> Children(string dir)
    {
        if (!Directory.Exists(dir)) return [];
        return new FileSystemEnumerable<(string, bool, bool)>(dir,
            (ref FileSystemEntry e) =>
            {
                var name = e.FileName.ToString();
                var commit = Git.RefUpdate.IsSha(name);
                return (name, commit, !commit && e.IsDirectory && !e.Attributes.HasFlag(FileAttributes.ReparsePoint));
            },
            new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true });
    }
}
