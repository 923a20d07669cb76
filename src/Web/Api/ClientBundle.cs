using Microsoft.AspNetCore.Http;

namespace Sfu.Web.Api;

/// <summary>
/// <c>GET /bundle/odoo_sfu.js</c>: the browser bundle built in client/ (npm run build), copied next to the server's
/// binaries at build time, so that an application can import the client from the server it talks to.
/// </summary>
public sealed class ClientBundle(ILogger<ClientBundle> log)
{
    public const string Route = "/bundle/odoo_sfu.js";

    private static readonly string FilePath = Path.Combine(AppContext.BaseDirectory, "bundle", "odoo_sfu.js");

    public async Task ServeAsync(HttpContext context)
    {
        if (!File.Exists(FilePath))
        {
            log.LogWarning("The client bundle is missing at {Path}: build it with `npm ci && npm run build` in client/, then rebuild the server", FilePath);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "text/javascript; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        // Applications on another origin import it as a module, which needs CORS.
        context.Response.Headers.AccessControlAllowOrigin = "*";
        await context.Response.SendFileAsync(FilePath).ConfigureAwait(false);
    }
}
