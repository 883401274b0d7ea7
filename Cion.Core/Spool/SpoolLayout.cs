namespace Cion.Core.Spool;

/// <summary>
/// The spool's folders, Maildir style: a job is written in <c>tmp/</c>, appears whole in
/// <c>new/</c> by a rename, and is claimed by renaming it into <c>cur/</c>. A file that is
/// not a job ends in <c>bad/</c>. <c>cancel/JOB_ID</c> asks the daemon to cancel a job.
/// </summary>
public sealed record SpoolLayout(string Root)
{
    public string Tmp => Path.Combine(Root, "tmp");
    public string New => Path.Combine(Root, "new");
    public string Cur => Path.Combine(Root, "cur");
    public string Bad => Path.Combine(Root, "bad");
    public string Cancel => Path.Combine(Root, "cancel");

    public void EnsureCreated()
    {
        foreach (var dir in new[] { Tmp, New, Cur, Bad, Cancel }) Directory.CreateDirectory(dir);
    }
}
