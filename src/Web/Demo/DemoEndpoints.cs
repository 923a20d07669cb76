using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sfu.Actors.Auth;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Web.Api;
using Sfu.Web.Hosting;

namespace Sfu.Web.Demo;

/// <summary>
/// The demo page (on in development mode, off by default in production): <c>GET /demo</c> and its two assets, and
/// <c>POST /demo/join</c>, which does what an application backend does for its users: create (or reuse) the channel of
/// a name and sign a session token for it. Anyone who reaches the server can therefore join any demo channel, which is
/// why it is a setting (sfu.http.demo).
/// </summary>
public sealed class DemoEndpoints(SfuRuntime runtime, ServerKeys keys, TimeProvider time, ILogger<DemoEndpoints> log)
{
    /// <summary>The reuse key's address part: every tab asking for the same name gets the same channel.</summary>
    private const string DemoRemoteAddress = "demo";
    private const int MaxNameLength = 64;
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    private static readonly IReadOnlyDictionary<string, (string Resource, string ContentType)> Assets =
        new Dictionary<string, (string, string)>
        {
            ["/demo"] = ("demo/index.html", "text/html; charset=utf-8"),
            ["/demo/app.js"] = ("demo/app.js", "text/javascript; charset=utf-8"),
            ["/demo/style.css"] = ("demo/style.css", "text/css; charset=utf-8"),
        };

    public bool Enabled => runtime.Settings.Http.Demo;

    /// <summary>True when the request was for the demo (answered here); false leaves it to the other routes.</summary>
    public bool TryHandle(HttpContext context, out Task handled)
    {
        handled = Task.CompletedTask;
        string path = context.Request.Path.Value ?? string.Empty;
        if (!Enabled || !(path == "/demo" || path.StartsWith("/demo/", StringComparison.Ordinal)))
        {
            return false;
        }

        if (HttpMethods.IsGet(context.Request.Method) && Assets.TryGetValue(path, out var asset))
        {
            handled = ServeAssetAsync(context, asset.Resource, asset.ContentType);
            return true;
        }

        if (HttpMethods.IsPost(context.Request.Method) && path == "/demo/join")
        {
            handled = JoinAsync(context);
            return true;
        }

        return false;
    }

    private static async Task ServeAssetAsync(HttpContext context, string resource, string contentType)
    {
        await using Stream? stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-cache";
        await stream.CopyToAsync(context.Response.Body).ConfigureAwait(false);
    }

    private async Task JoinAsync(HttpContext context)
    {
        if (await TryReadJoinRequestAsync(context.Request).ConfigureAwait(false) is not { } request)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("Expected {\"channel\": \"a name\"} (1 to 64 characters besides surrounding spaces).").ConfigureAwait(false);
            return;
        }

        ChannelCreated channel = await runtime.Registry
            .Ask<ChannelCreated>(new CreateChannel(DemoRemoteAddress, "demo:" + request, Key: null, WebRtcEnabled: true),
                runtime.Settings.Signaling.RequestTimeout)
            .ConfigureAwait(false);

        // Random session ids: two tabs never collide, and a reloaded tab is a new participant.
        long sessionId = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        long expires = time.GetUtcNow().Add(TokenLifetime).ToUnixTimeSeconds();
        string token = Jwt.Sign(new { sfu_channel_uuid = channel.Uuid, session_id = sessionId, exp = expires }, keys.GlobalKey);
        log.LogInformation("Demo: session {SessionId} joins channel {Channel} ({Name})", sessionId, channel.Uuid, request);

        // No URL in the answer: the page talks to the server it was loaded from.
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            channelUUID = channel.Uuid,
            token,
            sessionId,
        })).ConfigureAwait(false);
    }

    /// <returns>The channel name without surrounding white space, or null when the body is not a JSON object with a usable "channel".</returns>
    private static async Task<string?> TryReadJoinRequestAsync(HttpRequest request)
    {
        try
        {
            using JsonDocument body = await JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("channel", out JsonElement channel)
                && channel.ValueKind == JsonValueKind.String
                && channel.GetString()?.Trim() is { Length: > 0 and <= MaxNameLength } name)
            {
                // Trimmed first: a name of only spaces is no name, and "standup " is the channel "standup".
                return name;
            }
        }
        catch (JsonException)
        {
            // Not JSON: a bad request like any other.
        }

        return null;
    }
}
