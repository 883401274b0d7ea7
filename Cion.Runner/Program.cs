using System.CommandLine;
using Cion.Runner;

// 'cion-runner': one job's agent on a Swarm node. ciond starts it as a one-shot Swarm service and
// reaches the node's engine and the job's containers through it (Cion.Core/Swarm/LinkProtocol).
var root = new RootCommand("cion-runner: carries ciond's authenticated connections to this node's Docker engine and to its job's containers.");
root.Subcommands.Add(ServeCommand.Create());
return root.Parse(args).Invoke();
