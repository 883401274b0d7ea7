namespace Cion.Tests.Support;

/// <summary>
/// The locally built images (scripts/build-test-images.sh, run once per machine by make test).
/// No registry is reachable, so nothing here is pulled.
/// </summary>
public static class TestImages
{
    public const string Busybox = "cion-test/busybox";
    public const string Git = "cion-test/git";
    /// <summary>busybox plus the static docker client: a build image that uses DOCKER_HOST.</summary>
    public const string DockerCli = "cion-test/docker";
    /// <summary>A Docker engine (Debian's docker.io), for the per-job engine.</summary>
    public const string Dind = "cion-test/dind";
    /// <summary>An engine image whose dockerd fails at once.</summary>
    public const string DindBroken = "cion-test/dind-broken";
    /// <summary><see cref="Dind"/> with <c>ENTRYPOINT ["dockerd", …]</c>: the entrypoint is dockerd itself.</summary>
    public const string DindDockerdEntrypoint = "cion-test/dind-dockerd";
    /// <summary><see cref="Dind"/> with an entrypoint script that runs its arguments, like docker:dind's; it labels the engine <c>cion.test.entrypoint=script</c>.</summary>
    public const string DindScriptEntrypoint = "cion-test/dind-script";
    /// <summary>
    /// A rootless engine shaped like docker:dind-rootless: USER rootless, an entrypoint script that runs
    /// <c>dockerd …</c> inside rootlesskit; it labels the engine <c>cion.test.entrypoint=rootless</c>.
    /// </summary>
    public const string DindRootless = "cion-test/dind-rootless";
    /// <summary>A name no engine has and no registry serves: pulling it fails.</summary>
    public const string Missing = "cion-test/does-not-exist:never";

    public static void RequirePresent()
    {
        foreach (var image in new[] { Busybox, Git, DockerCli, Dind, DindBroken, DindDockerdEntrypoint, DindScriptEntrypoint, DindRootless })
        {
            var inspect = Shell.Run("docker", "image", "inspect", image);
            if (inspect.ExitCode != 0)
                Assert.Fail($"test image {image} is missing: run scripts/build-test-images.sh (make test does)");
        }
    }
}
