namespace Cion.Core.State;

/// <summary>Pure: the files of one run. The names here are the names users <c>cat</c>.</summary>
public sealed record RunPaths(string Dir)
{
    public const string StatusName = "status", JobName = "job", BuildLogName = "build.log", TestLogName = "test.log",
        ReleaseLogName = "release.log", CionLogName = "cion.log", ResultName = "result", ArtifactsName = "artifacts",
        ProgressName = "progress", CommitName = "commit";

    /// <summary>The names that the commit folder links to its latest run.</summary>
    public static readonly string[] LinkedNames =
        [StatusName, JobName, BuildLogName, TestLogName, ReleaseLogName, CionLogName, ResultName, ArtifactsName];

    public string Status => Path.Combine(Dir, StatusName);
    public string Job => Path.Combine(Dir, JobName);
    public string BuildLog => Path.Combine(Dir, BuildLogName);
    public string TestLog => Path.Combine(Dir, TestLogName);
    public string ReleaseLog => Path.Combine(Dir, ReleaseLogName);
    public string CionLog => Path.Combine(Dir, CionLogName);
    public string Result => Path.Combine(Dir, ResultName);
    public string Artifacts => Path.Combine(Dir, ArtifactsName);
    public string Progress => Path.Combine(Dir, ProgressName);
    public string Commit => Path.Combine(Dir, CommitName);
}
