using Cion.Core.Containers;
using Cion.Core.Containers.Docker;
using Cion.Core.Jobs;
using Cion.Tests.Support;

namespace Cion.Tests.Jobs;

/// <summary>
/// Against the real engine, with the state directory on a full tmpfs of its own. The engine's volumes
/// are on another disk here, so removing caches cannot make room: what is checked is which caches go
/// (free ones, least recently used first, every repository's), that one in use stays, and what cion.log says.
/// </summary>
[Category("Docker")]
public sealed class DiskRoomTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Make_RemovesFreeCachesOldestFirst_KeepsOneInUse_AndSaysWhenThatMadeNoRoom()
    {
        TestImages.RequirePresent();
        using var dir = TempDir.ForCaller();
        var state = dir.Combine("state");
        Directory.CreateDirectory(state);
        Shell.Check("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", state]);
        using var engine = DockerEngine.Connect(new Uri("unix:///var/run/docker.sock"), state);
        try
        {
            var older = CreateCache(state, "team/a", 1);
            var newer = CreateCache(state, "team/b", 1);
            var held = CreateCache(state, "team/a", 2);
            var uses = new CacheUseRecord(state);
            uses.Returned(older, Noon);
            uses.Returned(newer, Noon.AddHours(1));
            Shell.Check("docker", ["create", "--name", $"{held}-holder", "-v", $"{held}:/d", TestImages.Busybox, "true"]);
            Fill(state);
            var log = new List<string>();

            var room = await new DiskRoom(engine, state).MakeAsync(log.Add);

            Assert.That(room, Is.False, "the caches were on another disk");
            Assert.That(log, Has.Count.EqualTo(3));
            Assert.That(log[0], Does.StartWith($"disk full: removed layer cache {older} of team/a ("));
            Assert.That(log[1], Does.StartWith($"disk full: removed layer cache {newer} of team/b ("));
            Assert.That(log[2], Does.StartWith("disk full: removing layer caches left").And.EndWith("not enough"));
            Assert.That(DockerLeftovers.CacheVolumes(), Is.EqualTo(new[] { held }));
        }
        finally
        {
            Shell.Run("docker", "rm", "-f", $"{CachePool(state, "team/a").VolumeName(2)}-holder");
            DockerLeftovers.RemoveAll();
            Shell.Run("umount", state);
        }
    }

    private static CachePool CachePool(string state, string repo) => new(state, EngineKind.Root, repo, null);

    private static string CreateCache(string state, string repo, int slot)
    {
        var pool = CachePool(state, repo);
        var name = pool.VolumeName(slot);
        Shell.Check("docker", ["volume", "create", .. pool.VolumeLabels().SelectMany(l => new[] { "--label", $"{l.Key}={l.Value}" }), name]);
        return name;
    }

    /// <summary>Writes until the disk refuses: the state a step's log meets.</summary>
    private static void Fill(string state)
    {
        try
        {
            using var filler = new FileStream(Path.Combine(state, "filler"), FileMode.Create);
            var block = new byte[64 * 1024];
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // Full.
        }
    }
}
