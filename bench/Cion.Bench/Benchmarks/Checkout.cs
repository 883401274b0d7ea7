using System.Diagnostics;
using Cion.Bench.Support;
using Cion.Core.Git;

namespace Cion.Bench.Benchmarks;

/// <summary>
/// cion's checkout (LibGit2Sharp, borrowing the bare repo's objects through alternates) of a
/// commit with 10,000 files, called in-process exactly as the daemon calls it, against
/// <c>git clone --local --shared</c> plus its checkout. Taking turns at going first, after one
/// warm-up round, both into tmpfs.
/// </summary>
public static class Checkout
{
    public static void Run(Report report, int files, int rounds)
    {
        using var site = new Site("checkout");
        var (bare, work) = site.CreateRepo("big", withHook: false);
        for (var i = 0; i < files; i++)
        {
            var path = Path.Combine(work, $"dir{i / 100:000}", $"file{i % 100:00}.txt");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"file {i}\n" + new string('x', 200 + i % 300) + "\n");
        }
        var sha = Site.Commit(work, "README", "10k files\n");
        Proc.Git(work, "push", "-q", "origin", "main");
        // Both sides write into memory (tmpfs): this compares the checkout code, not this VM's disk,
        // whose write rate is throttled and swings by a factor of ten after heavy I/O.
        var scratch = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : site.Root, $"cion-bench-checkout-{Guid.NewGuid():N}");
        var cion = new List<double>();
        var git = new List<double>();
        try
        {
            Measure(bare, sha, files, rounds, scratch, cion, git);
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true); // it is memory
        }
        var (c, g) = (new Stats(cion), new Stats(git));
        var ratio = c.Median / g.Median;
        report.Add(new Row($"checkout of a {files:N0}-file commit", c.Describe(), g.Describe() + " (`git clone --local --shared`)",
            $"{ratio:0.00}×", "≤ 1.5×", ratio <= 1.5));
        report.Detail("Checkout", $"""
            {rounds} rounds (after one warm-up), taking turns at going first, both writing into tmpfs (/dev/shm);
            each checkout is verified to hold all {files:N0} files.
            cion (CommitCheckout.CheckOut, in-process): {c.Describe()}; git: {g.Describe()}.
            """);
    }

    private static void Measure(string bare, string sha, int files, int rounds, string scratch, List<double> cion, List<double> git)
    {
        for (var i = -1; i < rounds; i++)
        {
            // Take turns at going first, so neither side always follows the other's deletes.
            var (target, clone) = (Path.Combine(scratch, $"cion{i}"), Path.Combine(scratch, $"git{i}"));
            double cionMs = 0, gitMs = 0;
            foreach (var cionFirst in new[] { i % 2 == 0, i % 2 != 0 })
            {
                if (cionFirst)
                {
                    var clock = Stopwatch.StartNew();
                    CommitCheckout.CheckOut(bare, sha, "main", target);
                    cionMs = clock.Elapsed.TotalMilliseconds;
                }
                else (gitMs, _) = Proc.Timed("git", ["clone", "-q", "--local", "--shared", bare, clone]);
            }
            Check(target, files);
            Check(clone, files);
            Directory.Delete(target, recursive: true);
            Directory.Delete(clone, recursive: true);
            if (i < 0) continue;
            cion.Add(cionMs);
            git.Add(gitMs);
        }
    }

    private static void Check(string dir, int files)
    {
        var found = Directory.EnumerateFiles(dir, "*.txt", SearchOption.AllDirectories).Count(f => !f.Contains("/.git/"));
        if (found != files) throw new InvalidOperationException($"{dir} holds {found} files, expected {files}");
    }
}
