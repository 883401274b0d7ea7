using System.Text;
using Cion.Core.Jobs;
using Cion.Core.State;

namespace Cion.Core.Queries;

/// <summary>
/// Follows a run's log files as they grow, like <c>tail -f</c>, until the run's status is final
/// or a time limit passes. Reads only files (no daemon), polling a few times a second: a hook
/// over ssh and <c>cion logs -f</c> both use it.
/// </summary>
public sealed class RunFollower(TimeProvider clock)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(150);

    /// <param name="files">The logs to follow, each with the prefix its lines get.</param>
    /// <returns>The final state, or null when <paramref name="limit"/> passed first.</returns>
    public async Task<JobState?> FollowAsync(RunPaths run, IReadOnlyList<(string Path, string Prefix)> files, Action<string> write,
        TimeSpan limit, CancellationToken ct = default)
    {
        var start = clock.GetTimestamp();
        var tails = files.Select(f => new Tail(f.Path, f.Prefix)).ToList();
        while (true)
        {
            // Status first, then the logs: whatever a final status promises is already in the files.
            var state = FileStateStore.ReadStatus(run);
            foreach (var tail in tails) tail.Emit(write, final: false);
            if (state is { } s && s.IsFinal())
            {
                foreach (var tail in tails) tail.Emit(write, final: true);
                return s;
            }
            if (clock.GetElapsedTime(start) > limit) return null;
            await Task.Delay(Poll, clock, ct);
        }
    }

    /// <summary>How far one file has been read, and the bytes of the unfinished line at its end.</summary>
    private sealed class Tail(string path, string prefix)
    {
        private long _offset;
        // Bytes, not text: a UTF-8 character split across two reads must not be decoded in halves.
        private byte[] _pending = [];

        public void Emit(Action<string> write, bool final)
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < _offset)
                {
                    // The run started again and its log was replaced: read the new one from the start.
                    _offset = 0;
                    _pending = [];
                }
                if (stream.Length > _offset)
                {
                    stream.Seek(_offset, SeekOrigin.Begin);
                    var fresh = new byte[stream.Length - _offset];
                    stream.ReadExactly(fresh);
                    _offset += fresh.Length;
                    _pending = [.. _pending, .. fresh];
                }
            }
            var end = final ? _pending.Length : Array.LastIndexOf(_pending, (byte)'\n') + 1;
            if (end == 0) return;
            var text = Encoding.UTF8.GetString(_pending, 0, end).TrimEnd('\n');
            _pending = _pending[end..];
            foreach (var line in text.Split('\n')) write(prefix + line);
        }
    }
}
