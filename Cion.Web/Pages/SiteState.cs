using Cion.Core.Config;
using Cion.Core.Queries;
using Cion.Core.State;

namespace Cion.Web.Pages;

/// <summary>
/// The state directory as cion-web reads it: the same Core queries the <c>cion</c> command uses,
/// over the same files. Nothing is cached, so the page can never disagree with <c>cat</c>.
/// </summary>
internal sealed class SiteState(ServerConfig config)
{
    public ServerConfig Config { get; } = config;
    public StateLayout Layout { get; } = new(config.State);
    public StateReader Runs => new(Layout);
    public RepoCatalog Repos => new(Layout);
    public DeploymentReader Deployments => new(Layout);
}
