using Cion.Core.Swarm;

namespace Cion.Tests.Swarm;

/// <summary>Which nodes <c>ciond --check</c> says meet <c>swarm.constraints</c>.</summary>
public sealed class ConstraintMatchTests
{
    private static readonly SwarmNode Worker = new("n1abc", "worker1", "10.0.0.3", "active", "ready",
        new Dictionary<string, string> { ["cion"] = "runner", ["zone"] = "b" }, Manager: false);

    [TestCase("node.labels.cion==runner", true)]
    [TestCase("node.labels.cion!=runner", false)]
    [TestCase("node.labels.cion==RUNNER", true, TestName = "Values compare without case, as Swarm's do")]
    [TestCase("node.labels.zone==a", false)]
    [TestCase("node.labels.missing==x", false)]
    [TestCase("node.labels.missing!=x", true)]
    [TestCase("node.role==worker", true)]
    [TestCase("node.role!=manager", true)]
    [TestCase("node.role==manager", false)]
    [TestCase("node.hostname==worker1", true)]
    [TestCase("node.id!=n1abc", false)]
    [TestCase(" node.id == n1abc ", true)]
    public void Matches_ByTheNodesAttributes(string constraint, bool expected) =>
        Assert.That(ConstraintMatch.Matches(Worker, constraint), Is.EqualTo(expected));

    [TestCase("engine.labels.gpu==yes")]
    [TestCase("node.platform.os==linux")]
    [TestCase("no operator")]
    public void Matches_IsUnknown_ForAttributesItDoesNotRead(string constraint) =>
        Assert.That(ConstraintMatch.Matches(Worker, constraint), Is.Null);

    [Test]
    public void FirstUnmet_NamesTheFailingConstraint_EmptyWhenAllHold_NullWhenOneCannotBeJudged()
    {
        Assert.That(ConstraintMatch.FirstUnmet(Worker, ["node.labels.cion==runner", "node.role==worker"]), Is.EqualTo(""));
        Assert.That(ConstraintMatch.FirstUnmet(Worker, ["node.labels.cion==runner", "node.labels.zone==a"]), Is.EqualTo("node.labels.zone==a"));
        Assert.That(ConstraintMatch.FirstUnmet(Worker, ["node.platform.os==linux"]), Is.Null);
        Assert.That(ConstraintMatch.FirstUnmet(Worker with { Manager = true }, ["node.role!=manager"]), Is.EqualTo("node.role!=manager"));
    }
}
