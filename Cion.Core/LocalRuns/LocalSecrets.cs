using Cion.Core.Config;
using Cion.Core.Secrets;

namespace Cion.Core.LocalRuns;

/// <summary>
/// A local run's secrets: only what the user gives on the command line, <c>--secrets-file FILE</c> (the server's
/// format, <see cref="SecretFile"/>) with <c>--secret K=V</c> on top. Never the server's secrets directory.
/// </summary>
public static class LocalSecrets
{
    /// <exception cref="LocalRunException">The file cannot be read.</exception>
    public static IReadOnlyDictionary<string, string> Load(string? file, IReadOnlyDictionary<string, string> given)
    {
        IReadOnlyDictionary<string, string> fromFile = new Dictionary<string, string>();
        if (file is not null)
        {
            try { fromFile = SecretFile.Parse(File.ReadAllText(file)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LocalRunException($"--secrets-file {file}: cannot read it: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
            }
        }
        return RepoSecrets.Merge(fromFile, given); // --secret wins over the file
    }

    /// <summary>Pure: the step with the secrets it names in its env.</summary>
    /// <exception cref="ConfigException">It names one that was not given: said before anything runs.</exception>
    public static StepConfig Apply(StepConfig step, string stepName, IReadOnlyDictionary<string, string> secrets)
    {
        var missing = step.Secrets.Where(n => !secrets.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new ConfigException([new ConfigError(CionConfig.FileName, 0, $"{stepName}.secrets",
                $"{string.Join(", ", missing.Select(m => $"'{m}'"))} not given: pass --secret {missing[0]}=VALUE, or --secrets-file FILE with a {missing[0]}=VALUE line")]);
        return RepoSecrets.WithSecrets(step, stepName, secrets, "");
    }
}
