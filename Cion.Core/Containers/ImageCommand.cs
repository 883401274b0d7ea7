namespace Cion.Core.Containers;

/// <summary>Pure data: what an image runs when a container overrides nothing: its ENTRYPOINT and CMD, each possibly empty.</summary>
public sealed record ImageCommand(IReadOnlyList<string> Entrypoint, IReadOnlyList<string> Cmd)
{
    public static readonly ImageCommand None = new([], []);
}
