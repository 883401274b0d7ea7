namespace Cion.Web.Security;

/// <summary>
/// The first thing every request meets. cion-web only reads: GET and HEAD, nothing else (405 with
/// <c>Allow</c>), whatever the path, so no route added later can accept a write by accident.
/// Every answer also carries the headers that keep a log line or an artifact from acting as page code:
/// a Content-Security-Policy that allows only the page's own assets, and no content sniffing.
/// </summary>
internal static class ReadOnlyGuard
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseReadOnlyGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            headers.Allow = "GET, HEAD";
            return;
        }
        await next(context);
    });
}
