namespace Cion.Core.Queries;

/// <summary>The JOB a person named fits no run, or several commits.</summary>
public sealed class JobSelectionException(string message) : Exception(message);
