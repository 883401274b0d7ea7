using Cion.Core.Swarm;
using Cion.Tests.Support;

namespace Cion.Tests.EndToEnd;

/// <summary>
/// <c>runner: swarm</c> on a real three-node Swarm (a drained manager, two workers labelled cion=runner,
/// each a Docker-in-Docker container here): jobs pushed with the real hook run on the workers Swarm picks,
/// through cion-runner, and everything comes back to this host's files.
/// </summary>
[Category("Swarm")]
public sealed class SwarmRunnerTests : EndToEndTest
{
    private SwarmCluster _swarm = null!;

    [OneTimeSetUp]
    public async Task StartSwarm()
    {
        RunnerContainer.BuildImage();
        _swarm = await SwarmCluster.StartAsync();
        // Loads the runner image built just now (if new) too; a test before this one may have killed or drained a worker.
        await _swarm.LoadImagesAsync(SwarmCluster.RunnerImage);
    }

    protected override string DindConfig => "profile: capabilities\ntrusted: [team/*]";

    /// <summary>One job per node at a time: two jobs at once must land on two different workers.</summary>
    protected override string ExtraConfig => SwarmConfig(retryLost: false);

    private string SwarmConfig(bool retryLost, string placeTimeout = "2m", string? reserve = null, int runnerPort = 7700, int maxJobsPerNode = 1,
        string runnerImage = SwarmCluster.RunnerImage, string? nodeVolumes = null) => $"""
        docker: {_swarm.ManagerEndpoint}
        runner: swarm
        swarm:
          runner_image: {runnerImage}
          runner_port: {runnerPort}
          max_jobs_per_node: {maxJobsPerNode}
          place_timeout: {placeTimeout}
          retry_lost: {(retryLost ? "true" : "false")}
        {(reserve is null ? "" : $"  reserve: {reserve}")}
        {(nodeVolumes is null ? "" : $"  node_volumes: {nodeVolumes}")}

        """;

    private const string SleepingBuild = """
        build:
          image: cion-test/busybox
          docker: false
          cmd: 'echo started on $(hostname); echo $CION_BRANCH > $ARTIFACTS_DIR/branch.txt; mkdir -p $ARTIFACTS_DIR/deep/er; echo x > $ARTIFACTS_DIR/deep/er/f; sleep SECONDS; echo done'
        release:
          image: cion-test/busybox
          cmd: 'echo release read $(cat $ARTIFACTS_DIR/branch.txt)'
        """;

    private static string Sleeping(int seconds) => SleepingBuild.Replace("SECONDS", seconds.ToString());

    [Test]
    public void TwoJobs_RunOnBothWorkers_AndBringTheirLogsAndArtifactsBack_LeavingNothingOnTheNodes()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var main = CommitAndPush(repo, Sleeping(4), "main", "first");
        var other = CommitAndPush(repo, Sleeping(4), "other", "second");

        Assert.That(Site.WaitForFinalStatus(repo.Name, main, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, main, "cion.log"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, other, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, other, "cion.log"));
        var nodes = new[] { main, other }.Select(sha => Node(repo.Name, sha)).ToList();
        Assert.That(nodes, Is.EquivalentTo(_swarm.Workers), "max_jobs_per_node: 1 and two jobs at once: one on each worker");
        Assert.That(Site.ReadFile(repo.Name, main, "build.log"), Does.Contain("started on").And.Contain("done"));
        Assert.That(Site.ReadFile(repo.Name, main, "artifacts/branch.txt"), Is.EqualTo("main\n"), "artifacts come back to this host");
        Assert.That(Site.ReadFile(repo.Name, other, "artifacts/deep/er/f"), Is.EqualTo("x\n"));
        Assert.That(Site.ReadFile(repo.Name, main, "release.log"), Does.Contain("release read main"), "the release sees the build's artifacts on its node");
        Assert.That(Site.ReadFile(repo.Name, main, "result"), Does.Match(@"place_ms=\d+"));
        AssertNothingLeftOnTheSwarm(repo.Name, main, other);
    }

    /// <summary>
    /// Runners whose nodes have room are let go to Swarm side by side, not one at a time, yet no node may hold more
    /// than its cap whatever Swarm does with them. With one worker left, Swarm would put every runner let go on it:
    /// four jobs at once under a cap of two must run two at a time there. Counted from Swarm's tasks, not ciond's reading.
    /// </summary>
    [Test]
    public async Task FourJobsAtOnce_OnOneWorkerWithACapOfTwo_RunTwoAtATime_AndAllSucceed()
    {
        UseSite(extra: SwarmConfig(retryLost: false, maxJobsPerNode: 2), concurrency: 4);
        var (worker, drained) = (_swarm.Workers[0], _swarm.Workers[1]);
        await _swarm.DrainAsync(drained);
        try
        {
            Site.StartDaemon();
            var repo = Site.CreateRepo();
            // One push of four branches: the hook queues the four jobs at once, and they are placed side by side.
            var shas = Enumerable.Range(1, 4).Select(i =>
            {
                repo.Write(".cion.yml", Sleeping(3));
                repo.Write("README", $"job {i}\n");
                return repo.Commit($"job {i}");
            }).ToList();
            repo.Git(["push", "origin", .. shas.Select((sha, i) => $"{sha}:refs/heads/b{i + 1}")]);
            foreach (var sha in shas) Wait.Until(() => Site.TryReadFile(repo.Name, sha, "job") is not null, $"the job of {sha} to be taken up");
            var services = shas.Select(sha => RunnerServiceSpec.ServiceName(Site.JobId(repo.Name, sha)) + ".").ToList();
            string[] liveStates = ["Assigned", "Accepted", "Preparing", "Ready", "Starting", "Running"];

            var (most, worst) = (0, "");
            using var stop = new CancellationTokenSource();
            var watch = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    // Swarm's own word: a removed job's runner may still be stopping on its node, which is no job.
                    // A reading the manager refused counts nothing; it must not hide the jobs' own results either.
                    var tasks = Shell.Run("docker", ["-H", _swarm.ManagerEndpoint, "node", "ps", worker, "--format", "{{.Name}} {{.DesiredState}} {{.CurrentState}}"]).Stdout;
                    var live = tasks.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '))
                        .Count(task => services.Any(s => task[0].StartsWith(s, StringComparison.Ordinal)) && task[1] == "Running" && liveStates.Contains(task[2]));
                    if (live > most) (most, worst) = (live, tasks);
                    await Task.Delay(100);
                }
            });
            try
            {
                foreach (var sha in shas)
                    Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "cion.log"));
            }
            finally
            {
                await stop.CancelAsync();
                await watch;
            }
            Assert.That(most, Is.EqualTo(2), $"the most runners at once on {worker}; Swarm's tasks there then:\n{worst}");
            Assert.That(shas.Select(sha => Node(repo.Name, sha)), Is.All.EqualTo(worker));
            AssertNothingLeftOnTheSwarm(repo.Name, [.. shas]);
        }
        finally
        {
            await _swarm.ActivateAsync(drained);
        }
    }

    [Test]
    public void BuildLog_GrowsOnThisHost_WhileTheStepRunsOnItsNode()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Sleeping(6));

        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started on") == true, "the build's first line on this host", TimeSpan.FromMinutes(2));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Not.Contain("done"), "the first line arrived while the step still ran");
        Assert.That(Site.ReadFile(repo.Name, sha, "status").Trim(), Is.EqualTo("running"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("done"));
        AssertNothingLeftOnTheSwarm(repo.Name, sha);
    }

    [Test]
    public void Secret_ReachesTheStepOnItsNode_AndIsMaskedInTheLogOnThisHost()
    {
        Site.WriteSecrets("team/app.env", "TOKEN=swarm-s3cr3t-value\n");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, secrets: [TOKEN], cmd: 'echo token is $TOKEN; echo -n $TOKEN | wc -c'}\n");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "cion.log"));
        var log = Site.ReadFile(repo.Name, sha, "build.log");
        Assert.That(log, Does.Not.Contain("swarm-s3cr3t-value").And.Contain("token is ***").And.Contain("18"), "the step had the secret (18 characters); the log masks it");
        AssertNothingLeftOnTheSwarm(repo.Name, sha);
    }

    [Test]
    public void Reserve_IsAskedOfSwarm_AndAJobNoNodeCanHoldEndsInError_NamingWhy()
    {
        UseSite(extra: SwarmConfig(retryLost: false, reserve: "{cpus: 0.25, memory: 32M}"));
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var fits = CommitAndPush(repo, Sleeping(8));
        WaitForNode(repo.Name, fits);
        var job = Site.JobId(repo.Name, fits);

        var reserved = Shell.Check("docker", ["-H", _swarm.ManagerEndpoint, "service", "inspect", RunnerServiceSpec.ServiceName(job), "-f",
            "{{.Spec.TaskTemplate.Resources.Reservations.NanoCPUs}} {{.Spec.TaskTemplate.Resources.Reservations.MemoryBytes}}"]).Stdout.Trim();
        Assert.That(reserved, Is.EqualTo($"250000000 {32 * 1024 * 1024}"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, fits, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, fits, "cion.log"));
        AssertNothingLeftOnTheSwarm(repo.Name, fits);

        // More memory than any worker has: Swarm keeps the task pending, and says why.
        UseSite(extra: SwarmConfig(retryLost: false, placeTimeout: "10s", reserve: "{memory: 4096G}"));
        Site.StartDaemon();
        var other = Site.CreateRepo();
        var huge = CommitAndPush(other, Sleeping(1));

        Assert.That(Site.WaitForFinalStatus(other.Name, huge, TimeSpan.FromMinutes(2)), Is.EqualTo("error"));
        Assert.That(Site.ReadFile(other.Name, huge, "result"), Does.Contain("swarm.place_timeout").And.Contain("insufficient resources"));
        AssertNothingLeftOnTheSwarm(other.Name, huge);
    }

    /// <summary>
    /// cion keeps its runners off one another's ports, but a port some other program holds on a node is found only when
    /// the runner cannot listen there: the job is placed again on the next port, and the daemon skips that one from then on.
    /// </summary>
    [Test]
    public void RunnerPortHeldByAnotherProgramOnTheWorkers_IsGivenUp_AndTheJobRunsOnTheNextPort()
    {
        const int held = 7950;
        UseSite(extra: SwarmConfig(retryLost: false, runnerPort: held));
        const string holder = "cion-test-port-holder";
        foreach (var worker in _swarm.Workers)
        {
            _swarm.Docker(worker, "rm", "-f", holder);
            _swarm.Check(worker, "run", "-d", "--name", holder, "--network", "host", TestImages.Busybox, "httpd", "-f", "-p", held.ToString());
        }
        try
        {
            Site.StartDaemon();
            var repo = Site.CreateRepo();
            var first = CommitAndPush(repo, Sleeping(1), "main", "first");

            Assert.That(Site.WaitForFinalStatus(repo.Name, first, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, first, "cion.log"));
            var log = Site.ReadFile(repo.Name, first, "cion.log");
            Assert.That(log, Does.Contain($"port {held} is held by another program on node cion-swarm-worker"));
            Assert.That(log, Does.Match($@"runs on node cion-swarm-worker\d \([0-9.]+:{held + 1}\)"));

            var second = CommitAndPush(repo, Sleeping(1), "other", "second");
            Assert.That(Site.WaitForFinalStatus(repo.Name, second, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, second, "cion.log"));
            Assert.That(Site.ReadFile(repo.Name, second, "cion.log"), Does.Not.Contain("held by another program").And.Contain("runs on node").And.Not.Contain($":{held})"),
                "the daemon remembers the held port: the next job goes straight to a free one");
            AssertNothingLeftOnTheSwarm(repo.Name, first, second);
        }
        finally
        {
            foreach (var worker in _swarm.Workers) _swarm.Docker(worker, "rm", "-f", holder);
        }
    }

    /// <summary>
    /// A runner whose container does not start (an engine under load refuses one now and then) has run nothing of the
    /// job, so the job is placed again, three tries in all, each said in cion.log. A runner that never starts ends the
    /// job in error, naming the node and Swarm's reason, and leaves nothing behind.
    /// </summary>
    [Test]
    public void RunnerThatDoesNotStart_IsPlacedAgain_ThreeTriesInAll_ThenTheJobEndsInErrorSayingWhy()
    {
        const string broken = "cion-test/runner-never-starts:latest", scratch = "cion-test-runner-never-starts";
        foreach (var worker in _swarm.Workers)
        {
            _swarm.Docker(worker, "rm", "-f", scratch);
            _swarm.Check(worker, "create", "--name", scratch, TestImages.Busybox, "true");
            _swarm.Check(worker, "commit", "--change", "ENTRYPOINT [\"/cion-no-such-runner\"]", scratch, broken);
            _swarm.Check(worker, "rm", scratch);
        }
        try
        {
            UseSite(extra: SwarmConfig(retryLost: false, runnerImage: broken));
            Site.StartDaemon();
            var repo = Site.CreateRepo();
            var sha = CommitAndPush(repo, Sleeping(1));

            Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("error"), Site.ReadFile(repo.Name, sha, "cion.log"));
            var log = Site.ReadFile(repo.Name, sha, "cion.log");
            Assert.That(log, Does.Contain("before the job ran anything there").And.Contain("asking Swarm again (try 2 of 3)")
                .And.Contain("asking Swarm again (try 3 of 3)").And.Not.Contain("try 4"), log);
            Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Match("error=the job's runner did not start on node cion-swarm-worker\\d: .*cion-no-such-runner"));
            AssertNothingLeftOnTheSwarm(repo.Name, sha);
        }
        finally
        {
            foreach (var worker in _swarm.Workers) _swarm.Docker(worker, "rmi", broken);
        }
    }

    /// <summary>
    /// A runner that may not move the job's volumes itself (here <c>swarm.node_volumes</c> names a folder where the nodes'
    /// engines keep none) refuses before a byte moves: the folders go through the node's engine instead, the job succeeds
    /// all the same, and cion.log says why, once for filling and once for reading back.
    /// </summary>
    [Test]
    public void RunnerThatCannotSeeTheVolumes_MovesThemThroughTheEngine_AndCionLogSaysWhyOnce()
    {
        UseSite(extra: SwarmConfig(retryLost: false, nodeVolumes: "/tmp"));
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Sleeping(0));

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "artifacts/branch.txt"), Is.EqualTo("main\n"), "artifacts come back through the engine");
        Assert.That(Site.ReadFile(repo.Name, sha, "release.log"), Does.Contain("release read main"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        Assert.That(log, Does.Match(@"the runner did not fill volume \S+ itself \(\S+ is at /var/lib/docker/volumes/\S+/_data, not in /tmp\): " +
            "the job's folders go to its node through the node's engine"), log);
        Assert.That(log, Does.Contain("the runner did not read volume").And.Contain("the job's folders come back through the node's engine"), log);
        Assert.That(System.Text.RegularExpressions.Regex.Matches(log, "the runner did not fill volume"), Has.Count.EqualTo(1),
            "said once, though the build and the release each had volumes filled");
        AssertNothingLeftOnTheSwarm(repo.Name, sha);
    }

    /// <summary>
    /// The checkout's .git borrows the bare repo's objects, which the node cannot see: the loose ones travel packed
    /// inside the checkout, and only the repo's objects/pack is copied beside it. History, tags and status work there
    /// as on one host, from a repo with both a pack (a push of 100 objects or more) and loose objects (a small push, a tag).
    /// </summary>
    [Test]
    public async Task Git_WorksInTheBuildOnItsNode_WithOnlyTheReposPacksCopiedThere()
    {
        await _swarm.LoadImagesAsync("cion-test/git");
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        for (var i = 0; i < 120; i++) repo.Write($"many/f{i:000}.txt", $"file {i}\n");
        var first = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, cmd: 'true'}\n", message: "many files");
        Assert.That(Site.WaitForFinalStatus(repo.Name, first, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, first, "cion.log"));
        Shell.Check("git", ["--git-dir", repo.Path, "tag", "-a", "v1.0", "-m", "one", first],
            env: new Dictionary<string, string?> { ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.invalid" });
        var objects = Path.Combine(repo.Path, "objects");
        var sha = CommitAndPush(repo, $$"""
            build:
              image: cion-test/git
              docker: false
              cmd: 'echo commits=$(git log --format=%s | wc -l); echo described=$(git describe --tags); echo dirty=$(git status --porcelain | wc -l); echo objects=$(ls {{objects}})'
            """, message: "the commit under test");

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "build.log"));
        Assert.That(Directory.GetFiles(Path.Combine(objects, "pack"), "*.pack"), Is.Not.Empty, "the first push was kept as a pack");
        var log = Site.ReadFile(repo.Name, sha, "build.log");
        Assert.That(log, Does.Contain("commits=2\n"), log);
        Assert.That(log, Does.Contain($"described=v1.0-1-g{sha[..7]}\n"), log);
        Assert.That(log, Does.Contain("dirty=0\n"), log);
        Assert.That(log, Does.Contain("objects=pack\n"), "no loose object was copied to the node as a file of its own");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Not.Contain("whole objects folder"));
        AssertNothingLeftOnTheSwarm(repo.Name, first, sha);
    }

    [Test]
    public void Notification_RunsOnTheManagersEngine_AfterTheJobGaveItsNodeBack_WithItsResultCopiedIn()
    {
        // Notifications are plain containers on the `docker` engine (the manager's), not Swarm tasks: it needs the image.
        Shell.Check("bash", ["-c", $"docker save {TestImages.Busybox} | docker -H {_swarm.ManagerEndpoint} load -q"]);
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, $"""
            build: {"{"}image: cion-test/busybox, docker: false, cmd: 'exit 3'{"}"}
            notify:
              - image: {TestImages.Busybox}
              - cmd: 'echo notified $CION_STATUS on $(hostname); cat $CION_RESULT'
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("failed"), Site.ReadFile(repo.Name, sha, "cion.log"));
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "cion.log")?.Contains("notify: 1 of 1 notifications sent") == true ? "" : null,
            "the notification to be sent", TimeSpan.FromMinutes(2));
        var log = Site.ReadFile(repo.Name, sha, "latest/notify.log");
        Assert.That(log, Does.Contain("notified failed on").And.Contain("status=failed").And.Contain($"node={Node(repo.Name, sha)}"), log);
        var job = Site.JobId(repo.Name, sha);
        Assert.That(_swarm.Check(SwarmCluster.Manager, "ps", "-aq", "--filter", $"label=cion.job={job}").Trim(), Is.Empty, "nothing of the job left on the manager");
        Assert.That(_swarm.Check(SwarmCluster.Manager, "volume", "ls", "-q", "--filter", $"label=cion.job={job}").Trim(), Is.Empty);
        AssertNothingLeftOnTheSwarm(repo.Name, sha);
    }

    [Test]
    public void Build_GetsItsOwnEngine_OnItsNode()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, """
            build:
              image: cion-test/docker
              docker: true
              cmd: 'echo engine $(docker info --format "{{.Name}}") at $DOCKER_HOST; docker run --rm cion-test/busybox echo nested 2>&1 || true; docker ps -q | wc -l'
            """);

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "cion.log"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log"), Does.Contain("at tcp://docker:2375"), "DOCKER_HOST as on one host");
        Assert.That(Site.ReadFile(repo.Name, sha, "cion.log"), Does.Contain("service docker"), "the per-job engine started on the node and answered through the runner");
        AssertNothingLeftOnTheSwarm(repo.Name, sha);
    }

    [Test]
    public async Task KilledWorker_EndsItsJobInError_NamingTheNode_WhileTheOtherJobSucceeds()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var doomed = CommitAndPush(repo, Sleeping(25), "main", "doomed");
        var survivor = CommitAndPush(repo, Sleeping(8), "other", "survivor");
        var node = WaitForBuild(repo.Name, doomed);
        WaitForNode(repo.Name, survivor);

        await _swarm.KillWorkerAsync(node);
        try
        {
            Assert.That(Site.WaitForFinalStatus(repo.Name, doomed, TimeSpan.FromMinutes(2)), Is.EqualTo("error"));
            Assert.That(Site.WaitForFinalStatus(repo.Name, survivor, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, survivor, "cion.log"));
            var result = Site.ReadFile(repo.Name, doomed, "result");
            Assert.That(result, Does.Contain($"node={node}\n").And.Match($"error=.*node {node}"), "the error names the node");
            Assert.That(Site.ReadFile(repo.Name, doomed, "cion.log"), Does.Contain(node));
        }
        finally
        {
            await _swarm.RestoreAsync();
        }
    }

    [Test]
    public async Task KilledWorker_WithRetryLost_RunsTheJobAgainOnTheOtherWorker_Once()
    {
        UseSite(extra: SwarmConfig(retryLost: true));
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Sleeping(20));
        var first = WaitForBuild(repo.Name, sha); // mid-build: the second run's log must replace the first's

        await _swarm.KillWorkerAsync(first);
        try
        {
            Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(3)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "cion.log"));
            var log = Site.ReadFile(repo.Name, sha, "cion.log");
            Assert.That(log, Does.Contain("swarm.retry_lost").And.Contain(first));
            Assert.That(Node(repo.Name, sha), Is.Not.EqualTo(first), "the second run is on the other worker");
            Assert.That(Site.ReadFile(repo.Name, sha, "build.log").Split("started on").Length - 1, Is.EqualTo(1), "the log is the second run's alone");
        }
        finally
        {
            await _swarm.RestoreAsync();
        }
    }

    [Test]
    public async Task DrainedWorker_EndsItsJobInError_AndGetsNoNewJobs()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Sleeping(25));
        var node = WaitForBuild(repo.Name, sha);

        await _swarm.DrainAsync(node);
        try
        {
            Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("error"));
            Assert.That(Site.ReadFile(repo.Name, sha, "result"), Does.Match($"error=.*node {node}.*drained"));
            var next = CommitAndPush(repo, Sleeping(1), "main", "after the drain");
            Assert.That(Site.WaitForFinalStatus(repo.Name, next, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"));
            Assert.That(Node(repo.Name, next), Is.Not.EqualTo(node), "a drained node gets no new job");
            AssertNothingLeftOnTheSwarm(repo.Name, sha); // the drained node's runner removed the job's containers as it stopped
        }
        finally
        {
            await _swarm.ActivateAsync(node);
        }
    }

    [Test]
    public void KilledDaemon_ReattachesToTheRunningJob_WhichEndsOnce()
    {
        var daemon = Site.StartDaemon();
        var repo = Site.CreateRepo();
        var sha = CommitAndPush(repo, Sleeping(10));
        var node = WaitForNode(repo.Name, sha);
        Wait.Until(() => Site.TryReadFile(repo.Name, sha, "build.log")?.Contains("started on") == true, "the build to start");

        daemon.Kill();
        Site.StartDaemon();

        Assert.That(Site.WaitForFinalStatus(repo.Name, sha, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, sha, "cion.log"));
        var log = Site.ReadFile(repo.Name, sha, "cion.log");
        Assert.That(log, Does.Contain($"re-attaching to the job's runner on node {node}"));
        Assert.That(Site.ReadFile(repo.Name, sha, "build.log").Split("started on").Length - 1, Is.EqualTo(1), "the build ran once");
        Assert.That(Node(repo.Name, sha), Is.EqualTo(node));
        AssertNothingLeftOnTheSwarm(repo.Name, sha);
    }

    [Test]
    public void Cancel_StopsTheJobOnItsNode_AndATimeoutEndsAStepThereAsOnOneHost()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var cancelled = CommitAndPush(repo, Sleeping(60), "main", "to cancel");
        var timedOut = CommitAndPush(repo, "build: {image: cion-test/busybox, docker: false, timeout: 3s, cmd: 'echo started; sleep 60'}\n", "other", "to time out");
        WaitForNode(repo.Name, cancelled);
        Wait.Until(() => Site.TryReadFile(repo.Name, cancelled, "build.log")?.Contains("started on") == true, "the build to start");

        Assert.That(CionCli.Run(Site, "cancel", "team/app@main").ExitCode, Is.Zero);

        Assert.That(Site.WaitForFinalStatus(repo.Name, cancelled, TimeSpan.FromMinutes(2)), Is.EqualTo("cancelled"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, timedOut, TimeSpan.FromMinutes(2)), Is.EqualTo("failed"));
        Assert.That(Site.ReadFile(repo.Name, timedOut, "result"), Does.Contain("build_exit=timeout\n").And.Contain("node=cion-swarm-worker"));
        AssertNothingLeftOnTheSwarm(repo.Name, cancelled, timedOut);
    }

    /// <summary>
    /// Two builds of one branch at once, one per worker: the newer ends a second or two into the older's release (6 s) and waits
    /// for it at the daemon's gate, as on one host. The times come from the kernel the nodes share (/proc/uptime).
    /// </summary>
    [Test]
    public void TwoReleasesOnTwoNodes_RunOneAfterTheOther_AndTheNewestEndsUpCurrent()
    {
        Site.StartDaemon();
        var repo = Site.CreateRepo();
        var older = CommitAndPush(repo, Releasing(buildSeconds: 0, releaseSeconds: 6), "main", "older, quick build");
        var newer = CommitAndPush(repo, Releasing(buildSeconds: 1), "main", "newer, slower build");

        Assert.That(Site.WaitForFinalStatus(repo.Name, older, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, older, "cion.log"));
        Assert.That(Site.WaitForFinalStatus(repo.Name, newer, TimeSpan.FromMinutes(2)), Is.EqualTo("succeeded"), Site.ReadFile(repo.Name, newer, "cion.log"));
        Assert.That(Node(repo.Name, newer), Is.Not.EqualTo(Node(repo.Name, older)), "one job per node: the two ran at once, on both workers");
        var (olderStart, olderEnd) = ReleaseSpan.Of(Site.ReadFile(repo.Name, older, "release.log"));
        var (newerStart, _) = ReleaseSpan.Of(Site.ReadFile(repo.Name, newer, "release.log"));
        Assert.That(newerStart, Is.GreaterThanOrEqualTo(olderEnd), "the newer release started only after the older one ended");
        Assert.That(Site.ReadFile(repo.Name, newer, "cion.log"), Does.Contain($"release: waiting for job {Site.JobId(repo.Name, older)}'s release to staging to finish"));
        Assert.That(File.ReadAllText(Path.Combine(Site.State, "deployments", "team", "app", "staging", "current")), Does.Contain($"sha={newer}"));
        AssertNothingLeftOnTheSwarm(repo.Name, older, newer);
    }

    private static string Releasing(int buildSeconds, int releaseSeconds = 2) => $$"""
        build: {image: cion-test/busybox, docker: false, cmd: 'sleep {{buildSeconds}}'}
        release: {image: cion-test/busybox, environment: staging, cmd: '{{ReleaseSpan.Command(releaseSeconds.ToString())}}'}
        """;

    [Test]
    public void CheckOption_SaysWhichNodesMatch_AndThatTheyCanStartTheRunner()
    {
        var check = Shell.Run(Binaries.Ciond, "--config", Site.ConfigPath, "--check");

        Assert.That(check.ExitCode, Is.Zero, check.Output);
        foreach (var worker in _swarm.Workers)
            Assert.That(check.Stdout, Does.Contain($"node {worker} (").And.Contain($"matches; pulls and starts {SwarmCluster.RunnerImage}"));
        Assert.That(check.Stdout, Does.Match($"node {SwarmCluster.Manager} .*does not match node.labels.cion==runner"));
        Assert.That(check.Stdout, Does.Contain("ok: 2 nodes can run jobs"));
    }

    [Test]
    public void CheckOption_SaysWhenTheNodesLackTheVolumesFolder_ThatTheirRunnersMount()
    {
        var config = Path.Combine(Path.GetDirectoryName(Site.ConfigPath)!, "no-such-volumes.yml");
        File.WriteAllText(config, File.ReadAllText(Site.ConfigPath).Replace("\nswarm:\n", "\nswarm:\n  node_volumes: /no/such/volumes\n"));

        var check = Shell.Run(Binaries.Ciond, "--config", config, "--check");

        Assert.That(check.ExitCode, Is.EqualTo(1), check.Output);
        foreach (var worker in _swarm.Workers)
            Assert.That(check.Stdout, Does.Match($"node {worker} .*cannot start {SwarmCluster.RunnerImage}: .*/no/such/volumes.*swarm.node_volumes"));
        Assert.That(check.Stdout, Does.Contain("no node can run jobs"));
    }

    /// <summary>The node Swarm put a job's runner on, as soon as cion.log says so: the runner may not have started yet.</summary>
    private string WaitForNode(string repo, string sha)
    {
        const string placed = "Swarm put the runner on node ";
        return Wait.Until(() => Site.TryReadFile(repo, sha, "cion.log")?.Split('\n').FirstOrDefault(l => l.Contains(placed)), "the job to be placed",
            TimeSpan.FromMinutes(2)).Split(placed)[1].Split(' ')[0];
    }

    /// <summary>The node a job runs on, once its build has started there: the job is mid-step.</summary>
    private string WaitForBuild(string repo, string sha)
    {
        var node = WaitForNode(repo, sha);
        Wait.Until(() => Site.TryReadFile(repo, sha, "build.log")?.Contains("started on") == true, "the build to start", TimeSpan.FromMinutes(2));
        return node;
    }

    private string Node(string repo, string sha) =>
        Site.ReadFile(repo, sha, "result").Split('\n').Single(l => l.StartsWith("node=", StringComparison.Ordinal))["node=".Length..];

    /// <summary>
    /// No runner service or secret on the manager, nothing on any worker, of these commits' jobs: a job takes all it made with it.
    /// Only this test's jobs are looked for: another run on this machine may share the swarm.
    /// </summary>
    private void AssertNothingLeftOnTheSwarm(string repo, params string[] shas)
    {
        foreach (var job in shas.Select(sha => Site.JobId(repo, sha)))
        {
            var service = RunnerServiceSpec.ServiceName(job);
            Wait.Until(() => !_swarm.Check(SwarmCluster.Manager, "service", "ls", "--format", "{{.Name}}").Split('\n').Contains(service),
                $"the runner service {service} to be removed");
            Assert.That(_swarm.Check(SwarmCluster.Manager, "secret", "ls", "--format", "{{.Name}}"), Does.Not.Contain(service), "the keys' secret");
            foreach (var worker in _swarm.Workers)
            {
                Wait.Until(() => !_swarm.NodeContainers(worker).Any(name => name.StartsWith(service + ".", StringComparison.Ordinal) || name.Contains(job)),
                    $"{worker} to hold no container of job {job}");
                // Layer caches (dind.cache) stay on their node by design; nothing of the job does.
                Assert.That(_swarm.Check(worker, "volume", "ls", "--filter", $"label=cion.job={job}", "-q").Trim(), Is.Empty, $"{worker} holds no volume of {job}");
                Assert.That(_swarm.Check(worker, "network", "ls", "--filter", $"label=cion.job={job}", "-q").Trim(), Is.Empty, $"{worker} holds no network of {job}");
            }
        }
    }
}
