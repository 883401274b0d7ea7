namespace Cion.Core.Containers;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread. <see cref="Progress{T}"/>
/// posts each report to the thread pool, so a pull's error message could still be in flight
/// when the pull returns and be missed.
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
