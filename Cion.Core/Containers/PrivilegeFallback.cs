using Cion.Core.Config;
using Microsoft.Extensions.Logging;

namespace Cion.Core.Containers;

/// <summary>
/// Decides how a container that wants privileges (the per-job engine, an allowed privileged
/// service) gets them. With <see cref="EngineProfile.Auto"/> the first refusal of a privileged
/// container by the host's engine switches this daemon to the capabilities profile for good,
/// and says so once in the daemon's log. Thread-safe.
/// </summary>
public sealed class PrivilegeFallback(EngineProfile configured, ILogger<PrivilegeFallback> logger)
{
    private int _fellBack;

    // Jobs that started privileged before another job fell back may still be refused: they fall back too.
    // A rootless engine's container, too, is privileged where the host allows it.
    public bool MayFallBack => configured is EngineProfile.Auto or EngineProfile.Rootless;

    public ContainerPrivilege For(bool wantsPrivilege) => !wantsPrivilege ? ContainerPrivilege.Default : configured switch
    {
        EngineProfile.Privileged => ContainerPrivilege.Privileged,
        EngineProfile.Capabilities => ContainerPrivilege.Capabilities,
        _ => _fellBack == 0 ? ContainerPrivilege.Privileged : ContainerPrivilege.Capabilities,
    };

    /// <summary>Whether the engine's error is its refusal of a privileged container.</summary>
    public static bool IsRefusal(Exception e) =>
        e.Message.Contains("operation not permitted", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("apply caps", StringComparison.OrdinalIgnoreCase);

    public void FallBack(string reason)
    {
        if (Interlocked.Exchange(ref _fellBack, 1) == 0)
            logger.LogWarning("the Docker engine refuses privileged containers ({Reason}); per-job engines and privileged services " +
                "use the capabilities profile from now on (set dind.profile to choose explicitly)", reason.Trim());
    }
}
