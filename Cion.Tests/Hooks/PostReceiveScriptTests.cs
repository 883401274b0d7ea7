using Cion.Core.Hooks;

namespace Cion.Tests.Hooks;

public sealed class PostReceiveScriptTests
{
    [Test]
    public void Render_BakesInAbsolutePaths_QuotedForTheShell()
    {
        var script = PostReceiveScript.Render("/usr/lib/cion/cion", "/etc/it's/cion.yml", "/usr/share/dotnet");

        Assert.That(script, Does.StartWith("#!/bin/sh\n"));
        Assert.That(script, Does.Contain("exec '/usr/lib/cion/cion' hook --config '/etc/it'\\''s/cion.yml'\n"));
        Assert.That(script, Does.Contain("DOTNET_ROOT='/usr/share/dotnet'; export DOTNET_ROOT\n"));
        Assert.That(PostReceiveScript.IsCions(script), Is.True);
    }

    [Test]
    public void Render_LeavesOutDotnetRoot_ForASelfContainedBinary() =>
        Assert.That(PostReceiveScript.Render("/usr/bin/cion", "/etc/cion/cion.yml", null), Does.Not.Contain("DOTNET_ROOT"));

    [Test]
    public void IsCions_IsFalse_ForSomeoneElsesHook() =>
        Assert.That(PostReceiveScript.IsCions("#!/bin/sh\nmail -s pushed admin\n"), Is.False);
}
