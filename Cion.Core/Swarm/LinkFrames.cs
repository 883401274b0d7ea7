using System.Buffers.Binary;

namespace Cion.Core.Swarm;

/// <summary>
/// An archive's bytes on the link, in frames: each a 4-byte big-endian length (1 to <see cref="MaxFrame"/>) and that
/// many bytes, then a frame of length 0 at the end. A connection that ends before that last frame ended early (a
/// node lost, a runner killed): the reader throws rather than pass a cut archive for a shorter whole one, which a
/// tar reader alone cannot always tell apart.
/// </summary>
public static class LinkFrames
{
    public const int MaxFrame = 64 * 1024;

    /// <summary>A stream that writes what it is given as frames into <paramref name="link"/>; <see cref="Writer.EndAsync"/> writes the last.</summary>
    public static Writer Write(Stream link) => new(link);

    /// <summary>A stream of the frames' bytes from <paramref name="link"/>, ending (a read of 0) at the last frame.</summary>
    public static Reader Read(Stream link) => new(link);

    public sealed class Writer(Stream link) : Stream
    {
        private readonly byte[] _length = new byte[4];

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            for (var at = 0; at < buffer.Length; at += MaxFrame)
            {
                var frame = buffer.Slice(at, Math.Min(MaxFrame, buffer.Length - at));
                link.Write(FrameLength(frame.Length));
                link.Write(frame);
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            for (var at = 0; at < buffer.Length; at += MaxFrame)
            {
                var frame = buffer.Slice(at, Math.Min(MaxFrame, buffer.Length - at));
                await link.WriteAsync(FrameLength(frame.Length), ct);
                await link.WriteAsync(frame, ct);
            }
        }

        /// <summary>A frame's 4-byte length, in the one buffer the writer keeps for it.</summary>
        private byte[] FrameLength(int length)
        {
            BinaryPrimitives.WriteInt32BigEndian(_length, length);
            return _length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        /// <summary>The last frame: everything was sent.</summary>
        public async Task EndAsync(CancellationToken ct)
        {
            await link.WriteAsync(FrameLength(0), ct);
            await link.FlushAsync(ct);
        }

        public override void Flush() => link.Flush();
        public override Task FlushAsync(CancellationToken ct) => link.FlushAsync(ct);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    public sealed class Reader(Stream link) : Stream
    {
        private readonly byte[] _length = new byte[4];
        private int _left;
        private bool _ended;

        /// <summary>Whether the last frame was read: the archive came whole.</summary>
        public bool Ended => _ended;

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        /// <summary>Whether the sender sent nothing but the last frame (an empty folder's archive: .NET's TarWriter writes no bytes at all for it).</summary>
        public async Task<bool> IsEmptyAsync(CancellationToken ct)
        {
            await NextFrameAsync(ct);
            return _ended;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_ended || buffer.Length == 0) return 0;
            await NextFrameAsync(ct);
            if (_ended) return 0;
            var read = await link.ReadAsync(buffer[..Math.Min(buffer.Length, _left)], ct);
            if (read == 0) throw Cut();
            _left -= read;
            return read;
        }

        /// <summary>Reads the next frame's length when the last one is used up.</summary>
        private async Task NextFrameAsync(CancellationToken ct)
        {
            if (_ended || _left > 0) return;
            await ReadExactlyAsync(_length, ct);
            _left = BinaryPrimitives.ReadInt32BigEndian(_length);
            if (_left is < 0 or > MaxFrame) throw new InvalidDataException($"a frame of {_left} bytes on the link: at most {MaxFrame}");
            _ended = _left == 0;
        }

        /// <summary>Reads to the last frame, whatever is left: the sender's archive may end in padding its reader never asked for.</summary>
        public async Task ReadToEndAsync(CancellationToken ct)
        {
            var rest = new byte[8192];
            while (await ReadAsync(rest, ct) > 0) { }
        }

        private async Task ReadExactlyAsync(byte[] into, CancellationToken ct)
        {
            for (var at = 0; at < into.Length;)
            {
                var read = await link.ReadAsync(into.AsMemory(at), ct);
                if (read == 0) throw Cut();
                at += read;
            }
        }

        private static EndOfStreamException Cut() => new("the link closed before the archive's last frame: the archive was cut");

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
