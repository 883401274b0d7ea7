using Cion.Core.Containers;
using Cion.Core.Containers.Docker;

namespace Cion.Tests.Containers.Docker;

public sealed class ContainerParametersTests
{
    private static readonly ContainerSpec Spec = new()
    {
        Name = "cion-j-build", Image = "img", Env = new Dictionary<string, string> { ["A"] = "1" },
        Mounts = [new Mount("/host", "/in", ReadOnly: true)], Labels = new Dictionary<string, string> { ["cion.job"] = "j" },
    };

    [Test]
    public void From_KeepsAStepUnprivileged_WithItsMountsAndNoSocket()
    {
        var parameters = ContainerParameters.From(Spec);

        Assert.That(parameters.HostConfig!.Privileged, Is.False);
        Assert.That(parameters.HostConfig!.CapAdd, Is.Null);
        Assert.That(parameters.HostConfig!.Binds, Is.EqualTo(new[] { "/host:/in:ro" }));
        Assert.That(parameters.Env, Is.EqualTo(new[] { "A=1" }));
        Assert.That(parameters.NetworkingConfig, Is.Null);
    }

    [Test]
    public void From_SetsTheEntrypoint_OnlyWhenTheSpecHasOne()
    {
        Assert.That(ContainerParameters.From(Spec).Entrypoint, Is.Null, "null keeps the image's entrypoint");
        Assert.That(ContainerParameters.From(Spec with { Entrypoint = ["dockerd"] }).Entrypoint, Is.EqualTo(new[] { "dockerd" }));
    }

    [Test]
    public void From_GivesTheCapabilitiesProfile_WhatDockerdNeedsWithoutPrivileged()
    {
        var host = ContainerParameters.From(Spec with { Privilege = ContainerPrivilege.Capabilities }).HostConfig!;

        Assert.That(host.Privileged, Is.False);
        Assert.That(host.CapAdd, Is.EqualTo(new[] { "ALL" }));
        Assert.That(host.CapDrop, Is.EqualTo(new[] { "SYS_RESOURCE" }));
        Assert.That(host.SecurityOpt, Is.EquivalentTo(new[] { "seccomp=unconfined", "apparmor=unconfined" }));
        Assert.That(host.MaskedPaths, Is.Empty);
        Assert.That(host.ReadonlyPaths, Is.Empty);
        Assert.That(host.DeviceCgroupRules, Is.EqualTo(new[] { "a *:* rwm" }));
        Assert.That(host.Binds, Does.Contain("/sys/fs/cgroup:/sys/fs/cgroup:rw"));
    }

    [Test]
    public void From_JoinsTheNetworkUnderItsAliases_AndMountsItsVolumes()
    {
        var parameters = ContainerParameters.From(Spec with
        {
            Network = "cion-j", Aliases = ["docker"], Privilege = ContainerPrivilege.Privileged,
            Volumes = [new NamedVolume("cion-j-build-docker", "/var/lib/docker")],
        });

        Assert.That(parameters.HostConfig!.Privileged, Is.True);
        Assert.That(parameters.HostConfig!.NetworkMode, Is.EqualTo("cion-j"));
        Assert.That(parameters.NetworkingConfig!.EndpointsConfig["cion-j"].Aliases, Is.EqualTo(new[] { "docker" }));
        Assert.That(parameters.HostConfig!.Binds, Does.Contain("cion-j-build-docker:/var/lib/docker:rw"));
    }
}
