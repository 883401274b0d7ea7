namespace Cion.Core.Config;

/// <summary>A repository's <c>.cion.yml</c>: a build step and an optional release step.</summary>
public sealed record CionConfig(StepConfig Build, StepConfig? Release, IReadOnlyList<ServiceConfig> Services)
{
    public const string FileName = ".cion.yml";

    /// <summary>Containers run after the job ends (<see cref="NotifyReader"/>), besides the server's.</summary>
    public IReadOnlyList<NotifyConfig> Notify { get; init; } = [];

    public CionConfig(StepConfig build, StepConfig? release) : this(build, release, []) { }

    public bool Equals(CionConfig? other) =>
        other is not null && Build.Equals(other.Build) && Equals(Release, other.Release) && Services.SequenceEqual(other.Services);

    public override int GetHashCode() => Build.GetHashCode();
}
