using System.Net.WebSockets;
using System.Text;
using Sfu.Actors.Channels;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Transport.Ortc;
using Sfu.Transport.Sdp;
using Sfu.Web.Api;
using Sfu.Web.Hosting;
using Sfu.Web.Sdp;
using Sfu.Web.Signaling;

namespace Sfu.Web.Beep;

/// <summary>
/// The Beep-compatible endpoints of the second founding document, served when sfu.beep.enabled is on:
/// <c>GET /connect</c> upgrades to a WebSocket that takes the client's complete SDP offer as one text message and
/// answers the SDP answer as one text message, then closes (the peer connection lives on); <c>POST
/// /join/{conversationId}</c> moves the user into a conversation. The user is the <c>X-User-Claim</c> header (400
/// without a usable one). Every connection is a session of one shared channel, so that all of them sit on one router
/// where conversations are only groups: a join never renegotiates.
/// </summary>
public sealed class BeepEndpoints(
    SfuRuntime runtime,
    BeepConversations conversations,
    PermissionsClient permissions,
    ILogger<BeepEndpoints> log)
{
    /// <summary>The Beep channel's creator and issuer, so that every connection finds the same channel (§1.4 reuse).</summary>
    private const string BeepIdentity = "beep";
    private const string JoinPrefix = "/join/";

    /// <summary>True when the request was for the Beep mode (answered here); false leaves it to the other routes.</summary>
    public bool TryHandle(HttpContext context, out Task handled)
    {
        handled = Task.CompletedTask;
        if (!runtime.Settings.Beep.Enabled)
        {
            return false;
        }

        string path = context.Request.Path.Value ?? string.Empty;
        if (path == "/connect" && HttpMethods.IsGet(context.Request.Method))
        {
            handled = ConnectAsync(context);
            return true;
        }

        if (path.StartsWith(JoinPrefix, StringComparison.Ordinal) && path.Length > JoinPrefix.Length
            && path.IndexOf('/', JoinPrefix.Length) < 0 && HttpMethods.IsPost(context.Request.Method))
        {
            handled = JoinAsync(context, Uri.UnescapeDataString(path[JoinPrefix.Length..]));
            return true;
        }

        return false;
    }

    private async Task JoinAsync(HttpContext context, string conversationId)
    {
        if (!UserClaim.TryRead(context, runtime.Settings.Beep.MaxIdLength, out UserClaim? user, out string? problem))
        {
            await Answer(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return;
        }

        if (conversationId.Length > runtime.Settings.Beep.MaxIdLength)
        {
            await Answer(context, StatusCodes.Status400BadRequest, $"a conversation id has at most {runtime.Settings.Beep.MaxIdLength} characters")
                .ConfigureAwait(false);
            return;
        }

        if (!await permissions.MayJoinAsync(user, conversationId).ConfigureAwait(false))
        {
            await Answer(context, StatusCodes.Status403Forbidden, "not allowed in this conversation").ConfigureAwait(false);
            return;
        }

        if (!conversations.TryJoin(user, conversationId, runtime.Settings.Beep.MaxConnections, runtime.Settings.Signaling.RequestTimeout, out Task applied))
        {
            await Answer(context, StatusCodes.Status503ServiceUnavailable, "too many users").ConfigureAwait(false);
            return;
        }

        try
        {
            await applied.ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or MediaException)
        {
            // The choice is kept; the connection could not be moved now (it may be closing).
            log.LogWarning("Beep: {User} could not be moved to {Conversation}: {Problem}", user.SessionKey, conversationId, e.Message);
            await Answer(context, StatusCodes.Status500InternalServerError, "the connection could not be moved").ConfigureAwait(false);
            return;
        }

        log.LogInformation("Beep: {User} joined conversation {Conversation}", user.SessionKey, conversationId);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task ConnectAsync(HttpContext context)
    {
        if (!UserClaim.TryRead(context, runtime.Settings.Beep.MaxIdLength, out UserClaim? user, out string? problem))
        {
            await Answer(context, StatusCodes.Status400BadRequest, problem).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Answer(context, StatusCodes.Status400BadRequest, "GET /connect is a WebSocket upgrade").ConfigureAwait(false);
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        (int code, string reason) = await NegotiateAsync(context, socket, user).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(runtime.Settings.Signaling.RequestTimeout);
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away first; its peer connection, if any, lives on.
        }
    }

    /// <returns>The close code and reason: 1000 after the answer, 1007 for an unusable offer, 1011 when setting up failed.</returns>
    private async Task<(int Code, string Reason)> NegotiateAsync(HttpContext context, WebSocket socket, UserClaim user)
    {
        var reader = new FrameReader(socket, runtime.Settings.Limits.MaxWebSocketFrameBytes);
        Task<FrameOutcome> read = reader.ReadAsync(CancellationToken.None);
        if (await Task.WhenAny(read, Task.Delay(runtime.Settings.Signaling.AuthenticationTimeout)).ConfigureAwait(false) != read
            || await read.ConfigureAwait(false) != FrameOutcome.Frame)
        {
            return (CloseCodes.Timeout, "no SDP offer");
        }

        string text = Encoding.UTF8.GetString(reader.Message);
        if (!SdpParser.TryParse(text, out SessionDescription? offer, out string? problem))
        {
            return (1007, Shorten($"unusable SDP offer: {problem}"));
        }

        RequestInfo request = RequestInfo.From(context, runtime.Settings.Http.Proxy, string.Empty);
        TimeSpan timeout = runtime.Settings.Sdp.SetupTimeout;
        var bus = new SdpClientBus(offer, SdpClientRole.Converse, request.RemoteAddress, new HashSet<string>(), user.SessionKey, timeout, log);
        try
        {
            IActorRef channel = await BeepChannelAsync().ConfigureAwait(false)
                ?? throw new SdpSetupException(StatusCodes.Status500InternalServerError, "no media channel");
            var options = new ConsumptionOptions { MidsByType = new Dictionary<string, string>(), OneTransport = true };
            object joined = await channel.Ask(new JoinChannel(SessionId.FromString(user.SessionKey), bus, options), timeout).ConfigureAwait(false);
            if (joined is not Joined { Session: var session })
            {
                throw new SdpSetupException(StatusCodes.Status500InternalServerError, "the media channel refused the connection (full or closing)");
            }

            bus.Attach(session);
            string answer = await bus.Answer.WaitAsync(timeout).ConfigureAwait(false);
            ChannelRouter router = await channel.Ask<ChannelRouter>(GetChannelRouter.Instance, timeout).ConfigureAwait(false);
            if (router.Router is not IActorRef media || bus.TransportId is not string transportId)
            {
                throw new SdpSetupException(StatusCodes.Status500InternalServerError, "the media router is not running");
            }

            if (bus.SpeakerTrack is RtpParameters track)
            {
                var json = System.Text.Json.JsonSerializer.SerializeToElement(System.Text.Json.Nodes.JsonNode.Parse(OrtcJsonWriter.ToJson(track)));
                await media.Ask<SpeakerConsumerCreated>(new CreateSpeakerConsumer(transportId, json), timeout).ConfigureAwait(false);
            }

            await conversations.ConnectedAsync(user, media, transportId, bus.Closed, timeout).ConfigureAwait(false);
            await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None)
                .ConfigureAwait(false);
            log.LogInformation("Beep: {User} connected", user.SessionKey);
            _ = SdpConnectWatch.WatchAsync(bus, channel, runtime.Settings.Sdp.ConnectTimeout, runtime.Settings.Signaling.RequestTimeout, log);
            return (CloseCodes.Clean, string.Empty);
        }
        catch (Exception e) when (e is SdpSetupException or TimeoutException or AskTimeoutException or MediaException or WebSocketException)
        {
            bus.Hangup();
            log.LogWarning("Beep: {User} could not connect: {Problem}", user.SessionKey, e.Message);
            bool badOffer = e is SdpSetupException { StatusCode: StatusCodes.Status400BadRequest };
            return (badOffer ? 1007 : CloseCodes.Error, Shorten(e.Message));
        }
    }

    private async Task<IActorRef?> BeepChannelAsync()
    {
        TimeSpan timeout = runtime.Settings.Signaling.RequestTimeout;
        ChannelCreated created = await runtime.Registry
            .Ask<ChannelCreated>(new CreateChannel(BeepIdentity, BeepIdentity, Key: null, WebRtcEnabled: true, runtime.Settings.Beep.MaxConnections), timeout).ConfigureAwait(false);
        return await runtime.Registry.Ask(new FindChannel(created.Uuid), timeout).ConfigureAwait(false) is ChannelFound found ? found.Channel : null;
    }

    /// <summary>A close reason must fit in a control frame: 123 bytes (RFC 6455 §5.5).</summary>
    private static string Shorten(string reason) => reason.Length <= 120 ? reason : reason[..120];

    private static Task Answer(HttpContext context, int status, string? message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message ?? string.Empty);
    }
}
