namespace Cion.Core.Jobs;

/// <summary>A step's log could not be written: the disk under the state directory is full. The job ends in <c>error</c>.</summary>
public sealed class DiskFullException(string step, string path, Exception inner)
    : Exception($"{step}: no space left to write {path}; the step was stopped and its log cut short to make room for the job's record", inner);
