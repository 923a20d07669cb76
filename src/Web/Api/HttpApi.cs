using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sfu.Actors.Auth;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Web.Demo;
using Sfu.Web.Hosting;
using Sfu.Web.Sdp;
using Sfu.Web.Signaling;

namespace Sfu.Web.Api;

/// <summary>
/// The HTTP API of PROTOCOL.md §1 and the WebSocket entry point on the same port. Routing is by exact,
/// case-sensitive path; methods other than GET, POST and OPTIONS get 405; unknown routes (and every OPTIONS,
/// since no route enables CORS) get 404 with an empty body.
/// </summary>
public sealed class HttpApi(
    SfuRuntime runtime,
    ServerKeys keys,
    SignalingEndpoint signaling,
    ClientBundle bundle,
    DemoEndpoints demo,
    SdpEndpoints sdp,
    Beep.BeepEndpoints beep,
    ILogger<HttpApi> log)
{
    private const string JsonContentType = "application/json";

    public async Task InvokeAsync(HttpContext context)
    {
        if (beep.TryHandle(context, out Task beepHandled))
        {
            // Before the WebSocket catch-all below: GET /connect is the Beep mode's upgrade.
            await beepHandled.ConfigureAwait(false);
            return;
        }

        if (context.WebSockets.IsWebSocketRequest)
        {
            // The upgrade is accepted on any path (§3.1).
            await signaling.HandleAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await RouteAsync(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private Task RouteAsync(HttpContext context)
    {
        string method = context.Request.Method;
        string path = context.Request.Path.Value ?? string.Empty;
        if (demo.TryHandle(context, out Task demoHandled))
        {
            return demoHandled;
        }

        if (sdp.TryHandle(context, out Task sdpHandled))
        {
            return sdpHandled;
        }

        if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method) && !HttpMethods.IsOptions(method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        }

        return (method, path) switch
        {
            ("GET", "/v1/noop") => NoopAsync(context),
            ("GET", "/v1/stats") => StatsAsync(context),
            ("GET", "/v1/channel") => CreateChannelAsync(context),
            ("POST", "/v1/disconnect") => DisconnectAsync(context),
            ("GET", ClientBundle.Route) => bundle.ServeAsync(context),
            _ => NotFound(context),
        };
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private static Task NoopAsync(HttpContext context)
    {
        context.Response.ContentType = JsonContentType;
        return context.Response.WriteAsync("{\"result\":\"ok\"}");
    }

    private async Task StatsAsync(HttpContext context)
    {
        ServerStats stats = await runtime.GetStatsAsync().ConfigureAwait(false);
        if (stats.Unresponsive.Count > 0)
        {
            // The body keeps its exact shape (R15); a header names the channels whose numbers are missing.
            string uuids = string.Join(",", stats.Unresponsive.Select(c => c.Uuid));
            log.LogWarning("Stats incomplete: channels {Channels} did not answer in time", uuids);
            context.Response.Headers["X-Sfu-Stats-Incomplete"] = uuids;
        }

        context.Response.ContentType = JsonContentType;
        await context.Response.WriteAsync(StatsJson.Write(stats.Channels)).ConfigureAwait(false);
    }

    private async Task CreateChannelAsync(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization.FirstOrDefault();
        string[] parts = authorization?.Split(' ') ?? [];
        if (parts.Length < 2 || parts[1].Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        JwtResult token = keys.Verify(parts[1]);
        if (!token.IsValid)
        {
            // Upstream answers a bad token with 500, not 401 (quirk Q1).
            log.LogWarning("Channel request with a bad token: {Failure}", token.Failure);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        if (!token.Claims.TryGetProperty("iss", out JsonElement issuer) || !JsTruthiness.IsTruthy(issuer))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        byte[]? channelKey = null;
        if (token.Claims.TryGetProperty("key", out JsonElement key) && JsTruthiness.IsTruthy(key))
        {
            if (key.ValueKind != JsonValueKind.String)
            {
                log.LogWarning("Channel request with a non-string key claim ({Kind})", key.ValueKind);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            channelKey = LenientBase64.Decode(key.GetString());
        }

        RequestInfo info = RequestInfoOf(context);
        bool webRtc = context.Request.Query["webRTC"].FirstOrDefault() != "false";
        string issuerText = issuer.ValueKind == JsonValueKind.String ? issuer.GetString()! : issuer.GetRawText();
        ChannelCreated created = await runtime.Registry
            .Ask<ChannelCreated>(new CreateChannel(info.RemoteAddress, issuerText, channelKey, webRtc), runtime.Settings.Signaling.RequestTimeout)
            .ConfigureAwait(false);

        context.Response.ContentType = JsonContentType;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { uuid = created.Uuid, url = info.BaseUrl })).ConfigureAwait(false);
    }

    private async Task DisconnectAsync(HttpContext context)
    {
        string? body = await RequestBody.ReadTextAsync(context, runtime.Settings.Limits.MaxHttpBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        JwtResult token = keys.Verify(body);
        if (!token.IsValid || !token.Claims.TryGetProperty("sessionIdsByChannel", out JsonElement byChannel)
            || byChannel.ValueKind == JsonValueKind.Null)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return;
        }

        var entries = new List<KeyValuePair<string, IReadOnlyList<SessionId>>>();
        bool notIterable = false;
        if (byChannel.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty entry in byChannel.EnumerateObject())
            {
                if (!TryReadSessionIds(entry.Value, out IReadOnlyList<SessionId> ids))
                {
                    // Upstream throws here: entries before it stay processed, the answer is 422 (§1.5).
                    notIterable = true;
                    break;
                }

                entries.Add(new(entry.Name, ids));
            }
        }

        RequestInfo info = RequestInfoOf(context);
        await runtime.Registry
            .Ask<SessionsDisconnected>(new DisconnectSessions(info.RemoteAddress, entries), runtime.Settings.Signaling.RequestTimeout * 3)
            .ConfigureAwait(false);
        context.Response.StatusCode = notIterable ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
    }

    private static bool TryReadSessionIds(JsonElement value, out IReadOnlyList<SessionId> ids)
    {
        var list = new List<SessionId>();
        ids = list;
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (JsonElement item in value.EnumerateArray())
                {
                    if (SessionId.TryFrom(item, out SessionId id))
                    {
                        list.Add(id);
                    }
                }

                return true;
            case JsonValueKind.String:
                // A string iterates as its characters in JavaScript.
                foreach (char c in value.GetString()!)
                {
                    list.Add(SessionId.FromString(c.ToString()));
                }

                return true;
            default:
                return false;
        }
    }

    private RequestInfo RequestInfoOf(HttpContext context) =>
        RequestInfo.From(context, runtime.Settings.Http.Proxy, $"{runtime.Settings.Http.PublicIp}:{runtime.Settings.Http.Port}");
}
