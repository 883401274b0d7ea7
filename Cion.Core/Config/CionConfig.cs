namespace Cion.Core.Config;

/// <summary>A repository's <c>.cion.yml</c>: a build step, an optional test step and an optional release step.</summary>
public sealed record CionConfig(StepConfig Build, StepConfig? Release, IReadOnlyList<ServiceConfig> Services)
{
    public const string FileName = ".cion.yml";

    /// <summary>Runs after a passing build, in the build's checkout, before the release; null: no test step.</summary>
    public StepConfig? Test { get; init; }

    /// <summary>Containers run after the job ends (<see cref="NotifyReader"/>), besides the server's.</summary>
    public IReadOnlyList<NotifyConfig> Notify { get; init; } = [];

    public CionConfig(StepConfig build, StepConfig? release) : this(build, release, []) { }

    public bool Equals(CionConfig? other) =>
        other is not null && Build.Equals(other.Build) && Equals(Release, other.Release) && Equals(Test, other.Test) && Services.SequenceEqual(other.Services);

    public override int GetHashCode() => Build.GetHashCode();
}
