namespace Cion.Core.Secrets;

/// <summary>
/// A write-only stream that masks secrets before they reach the stream under it, also when a
/// value arrives split across writes: it holds back a tail that could be the start of a value
/// until more output shows whether it is. <see cref="Flush"/> keeps holding them back;
/// only <see cref="Dispose(bool)"/> (the step ended) writes the tail.
/// </summary>
public sealed class MaskingStream(Stream inner, SecretMask mask) : Stream
{
    private byte[] _pending = [];
    private bool _disposed;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (mask.IsEmpty)
        {
            inner.Write(buffer);
            return;
        }
        byte[] data = [.. _pending, .. buffer];
        var (output, consumed) = mask.Apply(data, final: false);
        inner.Write(output);
        _pending = data[consumed..];
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            var tail = _pending;
            _pending = [];
            try
            {
                if (tail.Length > 0) inner.Write(mask.Apply(tail, final: true).Output);
            }
            finally
            {
                inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        Dispose(true);
        await Task.CompletedTask;
        GC.SuppressFinalize(this);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
