namespace Cion.Core.Config;

/// <summary>The steps of a job, as written in <c>.cion.yml</c>, labels and file names.</summary>
public static class StepNames
{
    public const string Build = "build";
    public const string Test = "test";
    public const string Release = "release";
}
