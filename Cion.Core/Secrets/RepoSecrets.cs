using Cion.Core.Config;

namespace Cion.Core.Secrets;

/// <summary>
/// Loads a repo's secrets and hands each step the ones its <c>.cion.yml</c> names. A repo can
/// only name secrets in its own files; every value in them is masked in the job's logs. The
/// secrets bound to an environment go only to a release to it that the server allows.
/// </summary>
public static class RepoSecrets
{
    public static IReadOnlyDictionary<string, string> Load(string secretsDir, string repo, Action<string> warn) =>
        Read(SecretFile.PathFor(secretsDir, repo), warn);

    /// <summary>The secrets bound to <paramref name="environment"/>; empty when it has no file of its own.</summary>
    public static IReadOnlyDictionary<string, string> LoadBound(string secretsDir, string repo, string environment, Action<string> warn) =>
        Read(SecretFile.PathFor(secretsDir, repo, environment), warn);

    /// <summary>A secrets file's names and values; empty when there is no such file.</summary>
    public static IReadOnlyDictionary<string, string> Read(string path, Action<string> warn)
    {
        if (!File.Exists(path)) return new Dictionary<string, string>();
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            warn($"warning: {path} is readable by others than its owner; keep secrets files 0600");
        return SecretFile.Parse(File.ReadAllText(path));
    }

    /// <summary>The repo's secrets with the environment's on top: what an allowed release may name.</summary>
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> repo, IReadOnlyDictionary<string, string> bound)
    {
        var all = new Dictionary<string, string>(repo);
        foreach (var (name, value) in bound) all[name] = value;
        return all;
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

    /// <exception cref="ConfigException">
    /// A step that does not release to the environment names one of its bound secrets: refused before
    /// anything runs, so the pusher learns why rather than finding the variable empty.
    /// </exception>
    public static void RefuseBound(StepConfig step, string stepName, IReadOnlyDictionary<string, string> repo,
        IReadOnlyDictionary<string, string> bound, string environment, string boundFile)
    {
        var refused = step.Secrets.Where(n => bound.ContainsKey(n) && !repo.ContainsKey(n)).ToList();
        if (refused.Count > 0)
            throw new ConfigException([new ConfigError(CionConfig.FileName, 0, $"{stepName}.secrets",
                $"{string.Join(", ", refused.Select(m => $"'{m}'"))} bound to environment {environment} ({boundFile}): only a release to it from a branch the server allows gets it")]);
    }
}
