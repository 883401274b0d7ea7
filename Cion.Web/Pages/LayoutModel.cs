using Cion.Web.Routing;

namespace Cion.Web.Pages;

/// <summary>What the frame around every page needs: its title, the links, and the event stream that keeps it fresh (none: a static page).</summary>
public sealed record LayoutModel(string Title, SiteLinks Links, string? RefreshEvents = null);
