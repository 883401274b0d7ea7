using Cion.Core.Secrets;

namespace Cion.Tests.Secrets;

public sealed class SecretFileTests
{
    [TestCase("team/app", "/etc/cion/secrets/team/app.env")]
    [TestCase("team/app/production", "/etc/cion/secrets/team/app/production.env")]
    public void PathFor_PutsARepositorysFile_AtItsName(string repo, string path) =>
        Assert.That(SecretFile.PathFor("/etc/cion/secrets", repo), Is.EqualTo(path));

    [Test]
    public void PathFor_NeverGivesAnEnvironmentsFile_ToARepositoryNamedAfterIt() =>
        // A repository team/app/production must not read team/app's production secrets as its own.
        Assert.That(SecretFile.PathFor("/etc/cion/secrets", "team/app", "production"),
            Is.EqualTo("/etc/cion/secrets/team/app/production.secrets").And.Not.EqualTo(SecretFile.PathFor("/etc/cion/secrets", "team/app/production")));
}
