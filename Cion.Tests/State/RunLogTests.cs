using Cion.Core.State;
using Cion.Tests.Support;

namespace Cion.Tests.State;

public sealed class RunLogTests
{
    [Test]
    public void Write_FromSeveralThreadsAtOnce_KeepsEveryLineWhole()
    {
        // A job's checkout and its placing on a Swarm node write into one cion.log side by side.
        using var dir = TempDir.Named("runlog", "state");
        var path = dir.Combine("cion.log");
        const int threads = 8, lines = 300;
        using (var log = new RunLog(path, TimeProvider.System))
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (var i = 0; i < lines; i++) log.Write($"thread {t} line {i}\nthread {t} line {i} continued");
            });

        var written = File.ReadAllLines(path);
        Assert.That(written, Has.Length.EqualTo(threads * lines * 2));
        Assert.That(written, Has.All.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z thread \d line \d+( continued)?$"));
        // A message's lines stay together: nothing of another thread comes between them.
        for (var i = 0; i < written.Length; i += 2)
            Assert.That(written[i + 1][24..], Is.EqualTo(written[i][24..] + " continued"));
    }
}
