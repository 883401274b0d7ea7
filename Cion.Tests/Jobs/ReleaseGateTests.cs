using Cion.Core.Jobs;

namespace Cion.Tests.Jobs;

public sealed class ReleaseGateTests
{
    [Test]
    public async Task EnterAsync_LetsOneReleasePerRepoAndEnvironmentIn_AndTheNextWhenItLeaves()
    {
        var gate = new ReleaseGate();
        var said = new List<string>();
        var first = await gate.EnterAsync("team/app", "production", said.Add, CancellationToken.None);

        var second = gate.EnterAsync("team/app", "production", said.Add, CancellationToken.None);
        var otherEnvironment = await gate.EnterAsync("team/app", "staging", said.Add, CancellationToken.None);

        Assert.That(second.IsCompleted, Is.False, "the same repo and environment waits");
        Assert.That(said, Is.EqualTo(new[] { "release: waiting for another release of team/app to production to finish" }));
        first.Dispose();
        (await second).Dispose();
        otherEnvironment.Dispose();
    }
}
