using System.Diagnostics;

namespace Cion.Bench.Support;

/// <summary>
/// The physical limit a trivial cion job is held against: what a person would type to do the
/// same work by hand. A local clone of the commit, then the build's and the release's
/// containers, one after the other, with <c>docker run --rm</c>.
/// </summary>
public static class DirectJob
{
    public static double Run(string bare, string sha, string scratch)
    {
        var dir = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        Proc.Run("git", ["clone", "-q", "--local", "--no-checkout", bare, dir]);
        Proc.Run("git", ["-C", dir, "checkout", "-q", sha]);
        Container();
        Container();
        Directory.Delete(dir, recursive: true); // cion's time includes removing its checkout too
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// One step's container by hand: <c>docker run --rm</c> of busybox running <c>true</c>, with
    /// <paramref name="options"/> (a mount, say) before the image. Returns its time in ms.
    /// </summary>
    public static double Container(params string[] options) =>
        Proc.Timed("docker", ["run", "--rm", .. options, Paths.Busybox, "true"]).Ms;

    /// <summary>The .cion.yml of a trivial job: both steps run <c>true</c>, no per-job engine.</summary>
    public static string TrivialConfig(string? environment = null, string? branch = null) => $"""
        build:
          image: {Paths.Busybox}
          docker: false
          cmd: "true"
        release:
          image: {Paths.Busybox}
          cmd: "true"
        {(branch is null ? "" : $"  branches: [{branch}]\n")}{(environment is null ? "" : $"  environment: {environment}\n")}
        """;
}
