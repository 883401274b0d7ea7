namespace Cion.Tests.Support;

/// <summary>The engine's own record of what happened to a job's containers, in order (<c>docker events</c>).</summary>
public static class DockerEvents
{
    /// <returns>Lines of <c>ACTION NAME</c>, oldest first, for containers labelled with the job.</returns>
    public static IReadOnlyList<string> ForJob(string jobId, DateTimeOffset since)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(1);
        var result = Shell.Check("docker", ["events", "--since", since.ToUnixTimeSeconds().ToString(), "--until", until.ToUnixTimeSeconds().ToString(),
            "--filter", "type=container", "--filter", $"label=cion.job={jobId}", "--format", "{{.Action}} {{.Actor.Attributes.name}}"]);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
