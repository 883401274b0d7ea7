using Cion.Core.Config;
using Cion.Core.Containers;

namespace Cion.Tests.Containers;

public sealed class EngineDefaultTests
{
    private const string File = "/etc/cion/cion.yml";

    /// <summary>dind.profile and, with auto only, what the one look at the host found.</summary>
    [TestCase(EngineProfile.Auto, null, EngineKind.Rootless, "dind.profile: auto, and the rootless engine works on this host")]
    [TestCase(EngineProfile.Auto, "no rootlesskit", EngineKind.Root, "the rootless engine does not work on this host (no rootlesskit), so dind.profile: auto in /etc/cion/cion.yml falls back to root engines")]
    [TestCase(EngineProfile.Rootless, null, EngineKind.Rootless, "dind.profile: rootless in /etc/cion/cion.yml")]
    [TestCase(EngineProfile.Rootless, "ignored: never probed", EngineKind.Rootless, "dind.profile: rootless in /etc/cion/cion.yml")]
    [TestCase(EngineProfile.Privileged, null, EngineKind.Root, "dind.profile: privileged in /etc/cion/cion.yml makes every per-job engine a root engine")]
    [TestCase(EngineProfile.Capabilities, null, EngineKind.Root, "dind.profile: capabilities in /etc/cion/cion.yml makes every per-job engine a root engine")]
    public void For_ChoosesTheEngineDockerTrueGets(EngineProfile profile, string? rootlessProblem, EngineKind kind, string reason) =>
        Assert.That(EngineDefault.For(profile, File, rootlessProblem), Is.EqualTo(new EngineDefault(kind, reason)));

    [TestCase(EngineProfile.Auto, new string[0], null)]
    [TestCase(EngineProfile.Rootless, new[] { "team/*" }, null)]
    [TestCase(EngineProfile.Capabilities, new[] { "team/*" }, null)]
    [TestCase(EngineProfile.Auto, new[] { "**" }, "dind.trusted in /etc/cion/cion.yml trusts every repository with a root Docker engine")]
    [TestCase(EngineProfile.Capabilities, new string[0], "dind.profile: capabilities in /etc/cion/cion.yml makes every per-job engine a root engine, and dind.trusted names no repository")]
    [TestCase(EngineProfile.Privileged, new string[0], "Set dind.profile: rootless (or auto), or list in dind.trusted the repositories you trust with root")]
    public void StartWarning_TellsTheAdmin_WhatRootEnginesCostOrThatNoneWillBeGiven(EngineProfile profile, string[] trusted, string? warning)
    {
        var said = EngineDefault.StartWarning(new ServerConfig { SourceFile = File, DindProfile = profile, DindTrusted = trusted });

        Assert.That(said, warning is null ? Is.Null : Does.Contain(warning));
    }
}
