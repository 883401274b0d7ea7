using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Cion.Bench.Support;

/// <summary>
/// Issue 16's design done by hand, without cion: one job as a one-shot Swarm service whose task reaches its node's own
/// engine through the node's docker.sock and runs the job's container there (the docker client's image running
/// <c>docker run --rm --network none</c> busybox <c>true</c>), on the node's host network as cion's runner is. Nothing
/// travels: no source, no artifacts, no logs. Driven through the manager's API from this process, so no client
/// start is counted but the one inside the task, which a <c>docker run</c> on the host pays too.
/// </summary>
public static class JobServiceByHand
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// From the create request's start to the task's completion as the manager stamped it (so the polling here adds
    /// nothing), plus removing the service, in ms.
    /// </summary>
    public static double Run(string manager)
    {
        var api = new Uri(manager.Replace("tcp://", "http://", StringComparison.Ordinal));
        var name = $"cion-bench-byhand-{Guid.NewGuid().ToString("N")[..8]}";
        var started = DateTimeOffset.UtcNow;
        Send(HttpMethod.Post, new Uri(api, "/services/create"), Spec(name));
        try
        {
            var completed = WaitCompleted(api, name);
            var removal = Stopwatch.StartNew();
            Send(HttpMethod.Delete, new Uri(api, "/services/" + name), null);
            return (completed - started).TotalMilliseconds + removal.Elapsed.TotalMilliseconds;
        }
        catch
        {
            try { Send(HttpMethod.Delete, new Uri(api, "/services/" + name), null); }
            catch (InvalidOperationException) { } // the first failure is the one reported
            throw;
        }
    }

    /// <summary>One replica that never restarts, as cion's runner service (replicated-job leaves its container on 20.10).</summary>
    private static JsonObject Spec(string name) => new()
    {
        ["Name"] = name,
        ["Mode"] = new JsonObject { ["Replicated"] = new JsonObject { ["Replicas"] = 1 } },
        ["TaskTemplate"] = new JsonObject
        {
            ["ContainerSpec"] = new JsonObject
            {
                ["Image"] = Paths.Docker,
                ["Command"] = new JsonArray("docker", "run", "--rm", "--network", "none", Paths.Busybox, "true"),
                ["Mounts"] = new JsonArray(new JsonObject { ["Type"] = "bind", ["Source"] = "/var/run/docker.sock", ["Target"] = "/var/run/docker.sock" }),
            },
            ["RestartPolicy"] = new JsonObject { ["Condition"] = "none" },
            ["Placement"] = new JsonObject { ["Constraints"] = new JsonArray("node.labels.cion==runner") },
            ["Networks"] = new JsonArray(new JsonObject { ["Target"] = "host" }),
        },
    };

    private static DateTimeOffset WaitCompleted(Uri api, string name)
    {
        var filters = Uri.EscapeDataString(new JsonObject { ["service"] = new JsonObject { [name] = true } }.ToJsonString());
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var tasks = JsonNode.Parse(Send(HttpMethod.Get, new Uri(api, "/tasks?filters=" + filters), null))!.AsArray();
            if (tasks.Select(t => t!["Status"]!).FirstOrDefault(s => (string?)s["State"] is "complete" or "failed" or "rejected") is { } status)
            {
                if ((string?)status["State"] != "complete") throw new InvalidOperationException($"the by-hand service {name} ended {status.ToJsonString()}");
                return DateTimeOffset.Parse((string)status["Timestamp"]!, CultureInfo.InvariantCulture);
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"the by-hand service {name} did not complete in 2 minutes");
            Thread.Sleep(20);
        }
    }

    private static string Send(HttpMethod method, Uri uri, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = Http.Send(request);
        var text = new StreamReader(response.Content.ReadAsStream()).ReadToEnd();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {uri.PathAndQuery}: {(int)response.StatusCode} {text}");
        return text;
    }
}
