using Cion.Core.Config;

namespace Cion.Core.Secrets;

/// <summary>
/// Loads a repo's secrets and hands each step the ones its <c>.cion.yml</c> names. A repo can
/// only name secrets in its own file; every value in that file is masked in the job's logs.
/// </summary>
public static class RepoSecrets
{
    public static IReadOnlyDictionary<string, string> Load(string secretsDir, string repo, Action<string> warn)
    {
        var path = SecretFile.PathFor(secretsDir, repo);
        if (!File.Exists(path)) return new Dictionary<string, string>();
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            warn($"warning: {path} is readable by others than its owner; keep secrets files 0600");
        return SecretFile.Parse(File.ReadAllText(path));
    }

    /// <exception cref="ConfigException">The step names a secret the repo's file does not have.</exception>
    public static StepConfig WithSecrets(StepConfig step, string stepName, IReadOnlyDictionary<string, string> secrets, string secretsFile)
    {
        if (step.Secrets.Count == 0) return step;
        var missing = step.Secrets.Where(n => !secrets.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new ConfigException([new ConfigError(CionConfig.FileName, 0, $"{stepName}.secrets",
                $"{string.Join(", ", missing.Select(m => $"'{m}'"))} not in this repo's secrets file {secretsFile}")]);
        var env = new Dictionary<string, string>(step.Env);
        foreach (var name in step.Secrets) env[name] = secrets[name];
        return step with { Env = env };
    }
}
