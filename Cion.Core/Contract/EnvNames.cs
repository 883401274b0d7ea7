

namespace Cion.Core.Contract;

/// <summary>
/// The environment contract between cion and the step containers; the only place these names are spelled.
/// Config reserves them (a .cion.yml may not set them) and Containers sets them.
/// </summary>
public static class EnvNames
{
    public const string BuildDir = "BUILD_DIR";
    public const string ArtifactsDir = "ARTIFACTS_DIR";
    public const string DockerHost = "DOCKER_HOST";
    public const string Repo = "CION_REPO";
    public const string Ref = "CION_REF";
    public const string Branch = "CION_BRANCH";
    public const string Sha = "CION_SHA";

    // A notification's (see NotifyEnvNames): the job that ended, as it ended.
    public const string Commit = "CION_COMMIT";
    public const string Status = "CION_STATUS";
    public const string PreviousStatus = "CION_PREVIOUS_STATUS";
    public const string Job = "CION_JOB";
    public const string Environment = "CION_ENVIRONMENT";
    public const string Url = "CION_URL";
    public const string Result = "CION_RESULT";
}
