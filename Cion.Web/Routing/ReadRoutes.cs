namespace Cion.Web.Routing;

/// <summary>
/// The methods every route answers: GET and HEAD together (MapGet alone would let HEAD fall through
/// to a 405). Routes are mapped with <c>MapMethods(pattern, ReadRoutes.Methods, lambda)</c> at each
/// site, because the AOT request-delegate generator needs to see each handler lambda itself.
/// </summary>
internal static class ReadRoutes
{
    public static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];
}
