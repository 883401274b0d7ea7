using Cion.Core.Containers.Docker;
using Cion.Core.Swarm;
using Docker.DotNet.Models;

namespace Cion.Tests.Swarm;

/// <summary>How ciond reads Swarm's view of a runner task and its node: the phase, the port, and whether the node is gone.</summary>
public sealed class RunnerTasksTests
{
    [TestCase(TaskState.Pending, RunnerPhase.Waiting)]
    [TestCase(TaskState.Assigned, RunnerPhase.Waiting)]
    [TestCase(TaskState.Starting, RunnerPhase.Waiting)]
    [TestCase(TaskState.Running, RunnerPhase.Running)]
    [TestCase(TaskState.Complete, RunnerPhase.Ended)]
    [TestCase(TaskState.Shutdown, RunnerPhase.Ended)]
    [TestCase(TaskState.Failed, RunnerPhase.Ended)]
    [TestCase(TaskState.Rejected, RunnerPhase.Ended)]
    [TestCase(TaskState.Orphaned, RunnerPhase.Ended)]
    public void Phase_FollowsTheTasksState(TaskState state, RunnerPhase expected) =>
        Assert.That(RunnerTasks.From(Task(state), Node("ready", "active")).Phase, Is.EqualTo(expected));

    [Test]
    public void Running_TakesThePortFromItsLabel_AndTheNodesNameAndAddress()
    {
        var task = RunnerTasks.From(Task(TaskState.Running), Node("ready", "active"));

        Assert.That((task.Port, task.NodeName, task.NodeAddress, task.NodeDown), Is.EqualTo(((int?)8123, "worker1", "10.0.0.3", (string?)null)));
        Assert.That(task.NodeText, Is.EqualTo("worker1"));
    }

    [TestCase("down", "active", "is down (heartbeat failure)")]
    [TestCase("disconnected", "active", "is disconnected (heartbeat failure)")]
    [TestCase("ready", "drain", "was drained")]
    [TestCase("ready", "pause", null, TestName = "A paused node keeps its running tasks: no loss")]
    public void NodeDown_SaysWhyTheNodeCannotRunTheTask_EvenWhileSwarmStillSaysRunning(string state, string availability, string? expected) =>
        Assert.That(RunnerTasks.From(Task(TaskState.Running), Node(state, availability)).NodeDown, Is.EqualTo(expected));

    [Test]
    public void NotPlaced_HasNoNode_AndSaysSwarmsReason()
    {
        var task = RunnerTasks.From(new TaskResponse { Status = new Docker.DotNet.Models.TaskStatus { State = TaskState.Pending, Err = "no suitable node (scheduling constraints not satisfied on 3 nodes)" } }, null);

        Assert.That((task.NodeId, task.Port, task.NodeText), Is.EqualTo(((string?)null, (int?)null, "(not placed)")));
        Assert.That(task.Message, Does.StartWith("no suitable node"));
    }

    [TestCase(TaskState.Failed, 98L, 98L, TestName = "A runner that could not listen: its exit code says so")]
    [TestCase(TaskState.Complete, 0L, 0L)]
    [TestCase(TaskState.Running, 0L, null, TestName = "Running: no exit code, whatever the status holds")]
    public void ExitCode_IsTheRunnersOnceItEnded(TaskState state, long statusExit, long? expected)
    {
        var task = Task(state);
        task.Status!.ContainerStatus = new ContainerStatus { ExitCode = statusExit };

        Assert.That(RunnerTasks.From(task, Node("ready", "active")).ExitCode, Is.EqualTo(expected));
    }

    private static TaskResponse Task(TaskState state) => new()
    {
        NodeID = "n1",
        Status = new Docker.DotNet.Models.TaskStatus { State = state, Message = state.ToString() },
        Spec = new TaskSpec { ContainerSpec = new ContainerSpec { Labels = new Dictionary<string, string> { [RunnerTasks.PortLabel] = "8123" } } },
    };

    private static NodeListResponse Node(string state, string availability) => new()
    {
        ID = "n1",
        Description = new NodeDescription { Hostname = "worker1" },
        Status = new NodeStatus { State = state, Addr = "10.0.0.3", Message = state == "ready" ? "" : "heartbeat failure" },
        Spec = new NodeUpdateParameters { Availability = availability },
    };
}
