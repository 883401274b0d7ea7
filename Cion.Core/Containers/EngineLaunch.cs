namespace Cion.Core.Containers;

/// <summary>
/// Pure: how to start dockerd in an engine image, decided from the image's entrypoint. cion always
/// chooses dockerd's arguments (where it listens, no TLS, then <c>dind.args</c>); only where they go
/// depends on the image. Passing "dockerd …" as the CMD of an image whose entrypoint is dockerd made
/// dockerd fail with <c>"dockerd" accepts no argument(s)</c> (issue 12), hence the look at the entrypoint.
/// </summary>
/// <param name="Entrypoint">The entrypoint to set, or null to keep the image's (it has none).</param>
public sealed record EngineLaunch(EngineEntrypoint Shape, IReadOnlyList<string>? Entrypoint, IReadOnlyList<string> Cmd)
{
    private const string Dockerd = "dockerd";

    /// <param name="command">dockerd's command line: <c>dockerd</c>, then its arguments.</param>
    public static EngineLaunch For(ImageCommand image, IReadOnlyList<string> command)
    {
        if (image.Entrypoint.Count == 0) return new(EngineEntrypoint.None, null, command);
        var at = image.Entrypoint.ToList().FindIndex(IsDockerd);
        // Its own arguments after dockerd go: cion's say where it listens, and two sets would clash.
        if (at >= 0) return new(EngineEntrypoint.Dockerd, [.. image.Entrypoint.Take(at + 1)], [.. command.Skip(1)]);
        // Set to what it already is, so the container's spec alone says what runs.
        return new(EngineEntrypoint.Script, image.Entrypoint, command);
    }

    /// <summary>Everything the container runs, program first.</summary>
    public IReadOnlyList<string> Argv => [.. Entrypoint ?? [], .. Cmd];

    public ContainerSpec ApplyTo(ContainerSpec spec) => spec with { Entrypoint = Entrypoint, Cmd = Cmd };

    /// <summary>One line for cion.log: what runs, and why it is put that way.</summary>
    public string Describe() => $"{Join(Argv)} ({Shape switch
    {
        EngineEntrypoint.None => "the image has no entrypoint: dockerd from its PATH",
        EngineEntrypoint.Dockerd => "the image's entrypoint runs dockerd: cion's arguments replace its own",
        _ => $"the image's entrypoint {Entrypoint![0]} runs cion's dockerd command line",
    }})";

    /// <summary>For cion.log when the engine did not start: what ran, and which images work.</summary>
    /// <param name="kind">Which key named the image, and what a rootless one needs besides.</param>
    public static string Advice(string image, IReadOnlyList<string> argv, EngineKind kind = EngineKind.Root) =>
        $"the engine ran: {Join(argv)}\n" + (kind == EngineKind.Root
            ? $"to fix dind.image ({image}): cion starts dockerd with its own arguments, so the image needs dockerd and either no " +
              "entrypoint (dockerd on its PATH), an entrypoint that is dockerd (its arguments are replaced), or an entrypoint " +
              "script that runs its arguments, like docker:dind's dockerd-entrypoint.sh; more dockerd options go in dind.args"
            : $"to fix dind.rootless_image ({image}): cion starts dockerd with its own arguments, so the image needs an entrypoint " +
              "script that runs 'dockerd ARGS' inside rootlesskit, like docker:dind-rootless's dockerd-entrypoint.sh, a non-root " +
              $"USER with /etc/subuid and /etc/subgid ranges, and {EngineContainer.RootlessDataRoot} owned by that user; " +
              "more dockerd options go in dind.args; dind.profile: capabilities (with dind.trusted) gives a root engine instead");

    private static bool IsDockerd(string arg) => arg == Dockerd || arg.EndsWith("/" + Dockerd, StringComparison.Ordinal);

    private static string Join(IEnumerable<string> argv) =>
        string.Join(' ', argv.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_=/.:,@+%".Contains(c)) ? a : $"'{a.Replace("'", "'\\''")}'"));
}
