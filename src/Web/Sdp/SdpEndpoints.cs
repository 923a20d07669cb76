using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Transport.Ortc;
using Sfu.Transport.Sdp;
using Sfu.Transport.Sdp.Ortc;
using Sfu.Web.Api;
using Sfu.Web.Hosting;
using Sfu.Web.Signaling;

namespace Sfu.Web.Sdp;

/// <summary>
/// WHIP (RFC 9725) and WHEP: one SDP offer over HTTP makes a channel participant that publishes (<c>POST
/// /whip/{channel}</c>) or plays one participant's microphone and camera (<c>POST /whep/{channel}/{session}</c>).
/// The bearer token follows the WebSocket's rules (PROTOCOL.md §3.2: <c>session_id</c>, signed with the channel key
/// when it has one). The answer is 201 with the resource in Location; DELETE on it leaves the channel; PATCH (trickle,
/// ICE restart) is not supported and answers 405 (RFC 9725 §4.3.1: the offer must carry all candidates).
/// </summary>
public sealed class SdpEndpoints(SfuRuntime runtime, ServerKeys keys, SdpResources resources, ILogger<SdpEndpoints> log)
{
    private const string SdpContentType = "application/sdp";
    private const string WhipPrefix = "/whip/";
    private const string WhepPrefix = "/whep/";

    /// <summary>The router's capabilities, to refuse an unusable offer before it joins anyone (same lists as the routers).</summary>
    private readonly RtpCapabilities _router =
        RouterCapabilities.Build(runtime.Settings.Media.AudioCodecs, runtime.Settings.Media.VideoCodecs).Capabilities;

    /// <summary>True when the request was for WHIP or WHEP (answered here); false leaves it to the other routes.</summary>
    public bool TryHandle(HttpContext context, out Task handled)
    {
        handled = Task.CompletedTask;
        string path = context.Request.Path.Value ?? string.Empty;
        bool whip = path.StartsWith(WhipPrefix, StringComparison.Ordinal);
        if (!runtime.Settings.Sdp.Whip || !(whip || path.StartsWith(WhepPrefix, StringComparison.Ordinal)))
        {
            return false;
        }

        string[] segments = path[WhipPrefix.Length..].Split('/');
        int collectionLength = whip ? 1 : 2;
        if (segments.Any(s => s.Length == 0) || segments.Length < collectionLength || segments.Length > collectionLength + 1)
        {
            return false;
        }

        string method = context.Request.Method;
        bool isResource = segments.Length > collectionLength;
        AllowAnyOrigin(context.Response);
        handled = (isResource, method) switch
        {
            (_, "OPTIONS") => Preflight(context, isResource ? "DELETE, PATCH" : "POST"),
            (false, "POST") => OfferAsync(context, segments[0], whip ? null : segments[1]),
            (true, "DELETE") => DeleteAsync(context, path),
            (true, "PATCH") => resources.TryGet(path, out _)
                ? Refuse(context, StatusCodes.Status405MethodNotAllowed, "DELETE", "trickle ICE and ICE restarts are not supported; send a complete offer")
                : Refuse(context, StatusCodes.Status404NotFound, null, "no such resource"),
            (false, _) => Refuse(context, StatusCodes.Status405MethodNotAllowed, "POST", null),
            _ => Refuse(context, StatusCodes.Status405MethodNotAllowed, "DELETE", null),
        };
        return true;
    }

    private async Task OfferAsync(HttpContext context, string channelUuid, string? playedSession)
    {
        SdpClientRole role = playedSession is null ? SdpClientRole.Publish : SdpClientRole.Play;
        if (!IsSdp(context.Request.ContentType))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, null, $"the offer must be sent as {SdpContentType}").ConfigureAwait(false);
            return;
        }

        if (BearerToken(context) is not string token)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized, null, "an Authorization: Bearer <token> header is required").ConfigureAwait(false);
            return;
        }

        string? text = await RequestBody.ReadTextAsync(context, runtime.Settings.Limits.MaxHttpBodyBytes).ConfigureAwait(false);
        if (text is null)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, null, "the offer is larger than the body limit").ConfigureAwait(false);
            return;
        }

        if (!SdpParser.TryParse(text, out SessionDescription? offer, out string? problem) || !CanAnswer(offer, role, out problem))
        {
            await Refuse(context, StatusCodes.Status400BadRequest, null, $"unusable SDP offer: {problem}").ConfigureAwait(false);
            return;
        }

        Authentication authentication = await AuthenticateAsync(channelUuid, token).ConfigureAwait(false);
        if (authentication.FailureCode is not null)
        {
            int status = authentication.Problem == FirstFrameAuthenticator.NoSuchChannel ? StatusCodes.Status404NotFound : StatusCodes.Status401Unauthorized;
            await Refuse(context, status, null, authentication.Problem).ConfigureAwait(false);
            return;
        }

        IActorRef channel = authentication.Channel!;
        ConsumptionOptions options = ConsumptionOptions.Default with { MidsByType = new Dictionary<string, string>() };
        IReadOnlySet<string> awaited = new HashSet<string>();
        string streamId = authentication.SessionId.Text;
        if (playedSession is not null)
        {
            SessionProducers? played = await FindSessionAsync(channel, playedSession).ConfigureAwait(false);
            if (played is null)
            {
                await Refuse(context, StatusCodes.Status404NotFound, null, $"no session {playedSession} in channel {channelUuid}").ConfigureAwait(false);
                return;
            }

            if (played.Id.Equals(authentication.SessionId))
            {
                // Joining with that id would replace the very participant to be played (PROTOCOL.md §3.5).
                await Refuse(context, StatusCodes.Status400BadRequest, null, "the token's session_id is the session to play; a viewer needs its own")
                    .ConfigureAwait(false);
                return;
            }

            IReadOnlyDictionary<string, string> mids = SdpPlayNegotiation.MidsByType(offer);
            options = new ConsumptionOptions { OnlyFrom = played.Id, MidsByType = mids, ClientNumbering = true };
            awaited = played.Producers.Select(p => p.Type).Where(mids.ContainsKey).ToHashSet();
            streamId = played.Id.Text;
        }

        RequestInfo request = RequestInfo.From(context, runtime.Settings.Http.Proxy, string.Empty);
        var bus = new SdpClientBus(offer, role, request.RemoteAddress, awaited, streamId, runtime.Settings.Sdp.SetupTimeout, log);
        if (!await JoinAsync(context, channel, authentication.SessionId, bus, options).ConfigureAwait(false))
        {
            return;
        }

        string answer;
        try
        {
            answer = await bus.Answer.WaitAsync(runtime.Settings.Sdp.SetupTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SdpSetupException or TimeoutException)
        {
            bus.Hangup();
            int status = e is SdpSetupException setup ? setup.StatusCode : StatusCodes.Status500InternalServerError;
            log.LogWarning("{Role} offer for channel {Channel} from {Address} not answered: {Problem}", role, channelUuid, request.RemoteAddress, e.Message);
            await Refuse(context, status, null, e.Message).ConfigureAwait(false);
            return;
        }

        string collection = playedSession is null ? $"/whip/{channelUuid}" : $"/whep/{channelUuid}/{playedSession}";
        SdpResource resource = resources.Add(collection, bus, token);
        log.LogInformation("{Role}: session {Session} of channel {Channel} at {Resource}", role, authentication.SessionId, channelUuid, resource.Path);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = SdpContentType;
        context.Response.Headers.Location = resource.Path;
        await context.Response.WriteAsync(answer).ConfigureAwait(false);
        _ = SdpConnectWatch.WatchAsync(bus, channel, runtime.Settings.Sdp.ConnectTimeout, runtime.Settings.Signaling.RequestTimeout, log);
    }

    /// <summary>Everything about the offer that does not depend on the transport: media, codecs, BUNDLE.</summary>
    private bool CanAnswer(SessionDescription offer, SdpClientRole role, out string? problem)
    {
        var placeholder = new SdpServerTransport("ufrag", "password", [], new SdpFingerprint("sha-256", "00"));
        return role == SdpClientRole.Publish
            ? SdpPublishNegotiation.TryAnswer(offer, _router, placeholder, out _, out problem)
            : SdpPlayNegotiation.TryAnswer(offer, _router, placeholder, [], "-", out _, out problem);
    }

    private async Task<bool> JoinAsync(HttpContext context, IActorRef channel, SessionId id, SdpClientBus bus, ConsumptionOptions options)
    {
        object answer;
        try
        {
            answer = await channel.Ask(new JoinChannel(id, bus, options), runtime.Settings.Signaling.RequestTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            answer = new JoinRefused(JoinRefusal.ChannelClosed);
        }

        switch (answer)
        {
            case Joined joined:
                bus.Attach(joined.Session);
                return true;
            case JoinRefused { Reason: JoinRefusal.ChannelFull }:
                await Refuse(context, StatusCodes.Status503ServiceUnavailable, null, "the channel is full").ConfigureAwait(false);
                return false;
            default:
                await Refuse(context, StatusCodes.Status404NotFound, null, "the channel is closing").ConfigureAwait(false);
                return false;
        }
    }

    private async Task DeleteAsync(HttpContext context, string path)
    {
        if (!resources.TryGet(path, out SdpResource? resource))
        {
            await Refuse(context, StatusCodes.Status404NotFound, null, "no such resource").ConfigureAwait(false);
            return;
        }

        // The resource URL is a capability, but RFC 9725 §4.2 lets the server ask for the token too: the same one.
        if (BearerToken(context) is not string token
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(resource.Token)))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized, null, "DELETE needs the token the resource was created with").ConfigureAwait(false);
            return;
        }

        resource.Bus.Hangup();
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private Task<Authentication> AuthenticateAsync(string channelUuid, string token)
    {
        // The token obeys the rules of the WebSocket's first frame, so the same code decides (PROTOCOL.md §3.2).
        byte[] credentials = JsonSerializer.SerializeToUtf8Bytes(new { channelUUID = channelUuid, jwt = token });
        return new FirstFrameAuthenticator(runtime.Registry, keys, runtime.Settings.Signaling.RequestTimeout).AuthenticateAsync(credentials);
    }

    /// <summary>A session id in a URL is text; the channel keys numbers and strings apart (PROTOCOL.md §2.3), so try both.</summary>
    private async Task<SessionProducers?> FindSessionAsync(IActorRef channel, string text)
    {
        var candidates = new List<SessionId>();
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number))
        {
            candidates.Add(SessionId.FromNumber(number));
        }

        candidates.Add(SessionId.FromString(text));
        foreach (SessionId candidate in candidates)
        {
            SessionProducers found = await channel.Ask<SessionProducers>(new GetSessionProducers(candidate), runtime.Settings.Signaling.RequestTimeout)
                .ConfigureAwait(false);
            if (found.Found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// The page that publishes or plays is usually served by the application, not by this server: answer CORS
    /// (Fetch standard) for any origin. Safe because nothing here rides on cookies: the bearer token is the credential.
    /// The client must read Location to DELETE later, so it is exposed.
    /// </summary>
    private static void AllowAnyOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Location";
    }

    /// <summary>A preflight: what the actual request may use; browsers may cache the answer for ten minutes.</summary>
    private static Task Preflight(HttpContext context, string methods)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.Headers.AccessControlAllowMethods = methods;
        context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
        context.Response.Headers.AccessControlMaxAge = "600";
        return Task.CompletedTask;
    }

    private static string? BearerToken(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization.FirstOrDefault();
        const string scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && authorization[scheme.Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }

    private static bool IsSdp(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals(SdpContentType, StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext context, int status, string? allow, string? message)
    {
        context.Response.StatusCode = status;
        if (allow is not null)
        {
            context.Response.Headers.Allow = allow;
        }

        if (message is null)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }
}
