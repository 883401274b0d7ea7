namespace Cion.Tests.Support;

/// <summary>Containers on the host's default bridge that look like a job's (labelled with a job and owner), for the runner's tests.</summary>
public static class JobContainers
{
    /// <summary>A busybox httpd on port 8080 that serves <c>/index.html</c> with <paramref name="body"/>; returns its id.</summary>
    /// <param name="network">A network to join instead of the default bridge (created by the caller).</param>
    public static string StartWebServer(string job, string owner, string body, string network = "bridge") =>
        Shell.Check("docker", ["run", "-d", "--label", $"cion.job={job}", "--label", $"cion.state={owner}", "--network", network, TestImages.Busybox,
            "sh", "-c", $"mkdir -p /www && echo {body} >/www/index.html && exec httpd -f -p 8080 -h /www"]).Stdout.Trim();

    /// <summary>The container's address on <paramref name="network"/>.</summary>
    public static string Address(string id, string network = "bridge") =>
        Shell.Check("docker", ["inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{network}\").IPAddress}}}}", id]).Stdout.Trim();
}
