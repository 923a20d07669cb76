using Microsoft.AspNetCore.Http;

namespace Sfu.Web.Api;

/// <summary>
/// Who asked and how they reached us (PROTOCOL.md §1.2). Behind a proxy (PROXY set) the forwarded headers are
/// trusted; otherwise they are ignored and the configured public address is the host.
/// </summary>
public sealed record RequestInfo(string RemoteAddress, string Protocol, string Host)
{
    public string BaseUrl => Protocol + "://" + Host;

    public static RequestInfo From(HttpContext context, bool trustProxy, string defaultHost)
    {
        string remoteAddress = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        string protocol = "http";
        string host = defaultHost;
        if (trustProxy)
        {
            IHeaderDictionary headers = context.Request.Headers;
            if (headers.TryGetValue("x-forwarded-for", out var forwardedFor) && forwardedFor.Count > 0)
            {
                // The text before the first comma, untrimmed, as upstream does.
                remoteAddress = forwardedFor.ToString().Split(',')[0];
            }

            if (headers.TryGetValue("x-forwarded-proto", out var forwardedProto) && forwardedProto.Count > 0)
            {
                protocol = forwardedProto.ToString().Split(',')[0] == "https" ? "https" : "http";
            }

            if (headers.TryGetValue("x-forwarded-host", out var forwardedHost) && forwardedHost.Count > 0)
            {
                host = forwardedHost.ToString().Split(',')[0];
            }
        }

        return new RequestInfo(remoteAddress, protocol, host);
    }
}
