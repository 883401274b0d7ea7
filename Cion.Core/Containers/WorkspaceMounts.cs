using Cion.Core.State;

namespace Cion.Core.Containers;

/// <summary>
/// The one place that decides which of a job's host folders its containers see, and where.
/// They are <see cref="Mount"/>s of host paths: the engine delivers them, as bind mounts, or, when
/// it is on another machine that cannot see host paths, by copying (<c>DockerEngine</c>'s copiedMounts).
/// </summary>
/// <param name="PacksOnly">
/// The checkout holds the bare repo's loose objects itself (<c>Git.LooseObjectsPack</c>): its steps need only the bare
/// repo's <c>objects/pack</c>, at its own path, which for an engine on another machine is far less to copy.
/// </param>
public sealed record WorkspaceMounts(string WorkDir, string ArtifactsDir, string? ObjectsDir, bool PacksOnly = false)
{
    public const string BuildDirInContainer = "/cion/build";
    public const string ArtifactsDirInContainer = "/cion/artifacts";

    public static WorkspaceMounts For(StateLayout layout, Jobs.Job job, RunPaths run, bool packsOnly) =>
        new(layout.WorkDir(job.Id), run.Artifacts, Path.Combine(job.RepoPath, "objects"), packsOnly);

    public IReadOnlyList<Mount> ForBuild() =>
    [
        // Nothing on this host reads the checkout after a step: the job's next step reads it where the last one left it.
        new(WorkDir, BuildDirInContainer, ReadOnly: false, Scratch: true),
        new(ArtifactsDir, ArtifactsDirInContainer, ReadOnly: false),
        // The checkout's .git borrows the bare repo's objects by absolute path
        // (objects/info/alternates); the same path, read-only, makes git work inside.
        .. ObjectsDir is null ? Array.Empty<Mount>() : [ObjectsMount(PacksOnly ? Path.Join(ObjectsDir, "pack") : ObjectsDir)],
    ];

    private static Mount ObjectsMount(string folder) => new(folder, folder, ReadOnly: true);

    /// <summary>
    /// The test works in the checkout the build left, and may write there (reports, caches); the artifacts are
    /// the build's record and stay as the build left them for the release.
    /// </summary>
    public IReadOnlyList<Mount> ForTest() => [.. ForBuild().Select(m => m.ContainerPath == ArtifactsDirInContainer ? m with { ReadOnly = true } : m)];

    /// <summary>The release sees the build's artifacts read-only: they are the record of what was built.</summary>
    public IReadOnlyList<Mount> ForRelease() => [new(ArtifactsDir, ArtifactsDirInContainer, ReadOnly: true)];
}
