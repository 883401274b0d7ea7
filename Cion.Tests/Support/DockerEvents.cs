namespace Cion.Tests.Support;

/// <summary>The engine's own record of what happened to a job's containers, in order (<c>docker events</c>).</summary>
public static class DockerEvents
{
    /// <param name="service">Only the containers of this service (label <c>cion.service</c>), such as <c>docker</c> for the job's engine.</param>
    /// <returns>Lines of <c>ACTION NAME</c>, oldest first, for containers labelled with the job.</returns>
    public static IReadOnlyList<string> ForJob(string jobId, DateTimeOffset since, string? service = null)
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(1);
        string[] serviceFilter = service is null ? [] : ["--filter", $"label=cion.service={service}"];
        var result = Shell.Check("docker", ["events", "--since", since.ToUnixTimeSeconds().ToString(), "--until", until.ToUnixTimeSeconds().ToString(),
            "--filter", "type=container", "--filter", $"label=cion.job={jobId}", .. serviceFilter, "--format", "{{.Action}} {{.Actor.Attributes.name}}"]);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
