using Cion.Tests.Support;

// Tests share one Docker engine and watch it for leftovers, so they run one at a time.
[assembly: NUnit.Framework.NonParallelizable]

/// <summary>
/// Around the whole run (a set-up fixture outside any namespace covers the assembly):
/// what the tests share across fixtures is released once, at the end.
/// </summary>
[SetUpFixture]
public sealed class AssemblySetup
{
    [OneTimeTearDown]
    public void QuitBrowser() => Browser.QuitShared();

    [OneTimeTearDown]
    public void RemoveSwarm() => SwarmCluster.TearDownShared();
}
