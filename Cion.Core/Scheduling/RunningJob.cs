using Cion.Core.Jobs;

namespace Cion.Core.Scheduling;

/// <summary>A job this daemon runs: the task that ends when the job does, and the switch <c>cion cancel</c> flips.</summary>
public sealed record RunningJob(Job Job, Task Task, CancellationTokenSource Cancel);
