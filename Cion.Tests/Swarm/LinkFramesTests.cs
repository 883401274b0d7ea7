using System.Buffers.Binary;
using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>An archive's bytes on the link: whole only with the last frame.</summary>
public sealed class LinkFramesTests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(LinkFrames.MaxFrame)]
    [TestCase(LinkFrames.MaxFrame * 3 + 17)]
    public async Task WhatIsWritten_IsReadBack_AndEndsAtTheLastFrame(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        using var link = new MemoryStream();
        var writer = LinkFrames.Write(link);
        await writer.WriteAsync(bytes.AsMemory(0, size / 2));
        writer.Write(bytes, size / 2, size - size / 2);
        await writer.EndAsync(CancellationToken.None);
        link.Write("after"u8);
        link.Position = 0;

        var reader = LinkFrames.Read(link);
        using var read = new MemoryStream();
        await reader.CopyToAsync(read);

        Assert.That(read.ToArray(), Is.EqualTo(bytes));
        Assert.That(reader.Ended, Is.True);
        Assert.That(new StreamReader(link).ReadToEnd(), Is.EqualTo("after"), "nothing after the last frame was taken");
    }

    [Test]
    public async Task IsEmpty_TellsAnArchiveOfNoBytes_FromOneWithSome()
    {
        using var empty = new MemoryStream();
        await LinkFrames.Write(empty).EndAsync(CancellationToken.None);
        using var some = new MemoryStream();
        var writer = LinkFrames.Write(some);
        writer.Write("x"u8);
        await writer.EndAsync(CancellationToken.None);
        empty.Position = some.Position = 0;

        Assert.That(await LinkFrames.Read(empty).IsEmptyAsync(CancellationToken.None), Is.True);
        var reader = LinkFrames.Read(some);
        Assert.That(await reader.IsEmptyAsync(CancellationToken.None), Is.False);
        Assert.That(new StreamReader(reader).ReadToEnd(), Is.EqualTo("x"), "asking took nothing of the bytes");
    }

    [TestCase(2, TestName = "cut inside a length")]
    [TestCase(4 + 10, TestName = "cut inside a frame")]
    [TestCase(4 + 100, TestName = "cut between frames, where a shorter archive could end")]
    public void ALinkThatEndsBeforeTheLastFrame_IsACutArchive(int keep)
    {
        using var whole = new MemoryStream();
        var writer = LinkFrames.Write(whole);
        writer.Write(new byte[100]);
        writer.Write(new byte[100]);
        writer.EndAsync(CancellationToken.None).GetAwaiter().GetResult();

        var reader = LinkFrames.Read(new MemoryStream(whole.ToArray()[..keep]));

        var e = Assert.ThrowsAsync<EndOfStreamException>(() => reader.CopyToAsync(Stream.Null));
        Assert.That(e!.Message, Does.Contain("cut"));
    }

    [TestCase(-1)]
    [TestCase(LinkFrames.MaxFrame + 1)]
    [TestCase(int.MaxValue)]
    public void AFrameLengthOutOfBounds_IsRefused_WithoutReadingIt(int length)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, length);

        var e = Assert.ThrowsAsync<InvalidDataException>(() => LinkFrames.Read(new MemoryStream(bytes)).CopyToAsync(Stream.Null));
        Assert.That(e!.Message, Does.Contain($"a frame of {length} bytes"));
    }
}
