namespace Cion.Core.Config;

/// <summary>A repository's <c>.cion.yml</c>: a build step and an optional release step.</summary>
public sealed record CionConfig(StepConfig Build, StepConfig? Release)
{
    public const string FileName = ".cion.yml";
}
