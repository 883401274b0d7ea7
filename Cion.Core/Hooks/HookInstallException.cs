namespace Cion.Core.Hooks;

/// <summary>The hook cannot be installed: not a bare repository, or a foreign hook in the way.</summary>
public sealed class HookInstallException(string message) : Exception(message);
