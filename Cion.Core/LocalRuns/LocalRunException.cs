namespace Cion.Core.LocalRuns;

/// <summary><c>cion run</c> was asked something it cannot do (outside a working copy, an unknown step, a malformed option); nothing ran.</summary>
public sealed class LocalRunException(string message) : Exception(message);
