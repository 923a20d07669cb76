using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Web.Api;
using Sfu.Web.Hosting;

namespace Sfu.Web.Signaling;

/// <summary>
/// One client's WebSocket from upgrade to close (PROTOCOL.md §3–§4): first-frame authentication within the
/// authentication timeout, the empty acknowledgement, joining the channel, then every frame to the session actor.
/// A malformed frame is logged and ignored; a frame over the size limit closes the socket with 1009.
/// </summary>
public sealed class SignalingEndpoint(SfuRuntime runtime, ServerKeys keys, ConnectionTracker connections, TimeProvider time, ILogger<SignalingEndpoint> log)
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    public async Task HandleAsync(HttpContext context)
    {
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false })
            .ConfigureAwait(false);
        RequestInfo request = RequestInfo.From(context, runtime.Settings.Http.Proxy, string.Empty);
        var reader = new FrameReader(socket, runtime.Settings.Limits.MaxWebSocketFrameBytes);

        Authentication? authentication = await AuthenticateAsync(socket, reader, request).ConfigureAwait(false);
        if (authentication is null)
        {
            return;
        }

        var bus = new WebSocketClientBus(socket, request.RemoteAddress, runtime.Settings.Signaling.BatchDelay,
            runtime.Settings.Limits.MaxPendingFramesPerSocket, time, log);
        connections.Add(bus);
        await using (bus.ConfigureAwait(false))
        {
            bus.SendAcknowledgement();
            _ = AbortWhenCloseHandshakeStallsAsync(socket, bus);
            IActorRef? session = await JoinAsync(authentication, bus).ConfigureAwait(false);
            if (session is not null)
            {
                await PumpFramesAsync(reader, bus, session, authentication).ConfigureAwait(false);
            }

            await FinishAsync(socket, bus).ConfigureAwait(false);
            connections.Remove(bus);
        }
    }

    private async Task<Authentication?> AuthenticateAsync(WebSocket socket, FrameReader reader, RequestInfo request)
    {
        // Cancelling a WebSocket receive aborts the socket, so the deadline races the read instead (§3.3).
        Task<FrameOutcome> read = reader.ReadAsync(CancellationToken.None);
        Task deadline = Task.Delay(runtime.Settings.Signaling.AuthenticationTimeout, time);
        if (await Task.WhenAny(read, deadline).ConfigureAwait(false) == deadline)
        {
            log.LogInformation("WebSocket from {Address} sent no authentication in time", request.RemoteAddress);
            await SendCloseAsync(socket, CloseCodes.Timeout).ConfigureAwait(false);
            await Task.WhenAny(read, Task.Delay(CloseHandshakeTimeout)).ConfigureAwait(false);
            return null;
        }

        switch (await read.ConfigureAwait(false))
        {
            case FrameOutcome.TooLarge:
                await CloseAsync(socket, CloseCodes.MessageTooBig).ConfigureAwait(false);
                return null;
            case FrameOutcome.Closed or FrameOutcome.Failed or FrameOutcome.TimedOut:
                return null;
        }

        Authentication authentication;
        try
        {
            var authenticator = new FirstFrameAuthenticator(runtime.Registry, keys, runtime.Settings.Signaling.RequestTimeout);
            authentication = await authenticator.AuthenticateAsync(reader.Message.ToArray()).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Anything unexpected during steps 2–8 of §3.2 is a 1011.
            log.LogError(e, "Authenticating the WebSocket from {Address} failed", request.RemoteAddress);
            authentication = Authentication.Fail(CloseCodes.Error, e.Message);
        }

        if (authentication.FailureCode is int code)
        {
            log.LogWarning("WebSocket from {Address} refused with {Code}: {Problem}", request.RemoteAddress, code, authentication.Problem);
            await CloseAsync(socket, code).ConfigureAwait(false);
            return null;
        }

        return authentication;
    }

    private async Task<IActorRef?> JoinAsync(Authentication authentication, WebSocketClientBus bus)
    {
        object answer;
        try
        {
            answer = await authentication.Channel!.Ask(new JoinChannel(authentication.SessionId, bus), runtime.Settings.Signaling.RequestTimeout)
                .ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            answer = new JoinRefused(JoinRefusal.ChannelClosed);
        }

        switch (answer)
        {
            case Joined joined:
                return joined.Session;
            case JoinRefused { Reason: JoinRefusal.ChannelFull }:
                // The acknowledgement was already sent: 4109 comes after it, as upstream does (quirk Q11).
                bus.Close(CloseCodes.ChannelFull);
                return null;
            default:
                // The channel closed (or stopped answering) after the client was acknowledged: it leaves like the
                // channel's sessions do, with 4108 (§3.4); 4106 would tell an authenticated client its token failed.
                bus.Close(CloseCodes.Kicked);
                return null;
        }
    }

    private async Task PumpFramesAsync(FrameReader reader, WebSocketClientBus bus, IActorRef session, Authentication authentication)
    {
        bool failed = false;
        while (true)
        {
            FrameOutcome outcome = await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            if (outcome == FrameOutcome.TooLarge)
            {
                log.LogWarning("channel {Channel} session {Session} sent a frame over {Limit} bytes; closing with 1009",
                    authentication.ChannelUuid, authentication.SessionId, runtime.Settings.Limits.MaxWebSocketFrameBytes);
                bus.Close(CloseCodes.MessageTooBig);
                break;
            }

            if (outcome == FrameOutcome.Closed)
            {
                // Answer the client's close frame with its own code (RFC 6455 §5.5.1), after what is queued.
                bus.Close((int?)reader.CloseStatus ?? CloseCodes.Clean);
                break;
            }

            if (outcome != FrameOutcome.Frame)
            {
                failed = true;
                bus.MarkSocketGone();
                break;
            }

            Dispatch(reader.Message, bus, session, authentication);
        }

        session.Tell(new ClientSocketClosed(failed));
    }

    private void Dispatch(ReadOnlySpan<byte> frame, WebSocketClientBus bus, IActorRef session, Authentication authentication)
    {
        if (!BusFrame.TryParse(frame, out List<BusPayload> payloads, out string? problem))
        {
            log.LogWarning("channel {Channel} session {Session} sent a malformed frame ({Problem}); ignored",
                authentication.ChannelUuid, authentication.SessionId, problem);
            return;
        }

        foreach (BusPayload payload in payloads)
        {
            switch (payload.Kind)
            {
                case BusPayloadKind.Response:
                    bus.ResolveResponse(payload.Id!, payload.Message);
                    break;
                case BusPayloadKind.Request:
                    session.Tell(new ClientRequest(payload.Id!, payload.Name!, payload.Payload));
                    break;
                case BusPayloadKind.Message:
                    session.Tell(new ClientMessage(payload.Name!, payload.Payload));
                    break;
                default:
                    log.LogWarning("channel {Channel} session {Session} sent an invalid payload ({Problem}); ignored",
                        authentication.ChannelUuid, authentication.SessionId, payload.Problem);
                    break;
            }
        }
    }

    /// <summary>
    /// Once our close frame is out, a client that does not answer it within the close-handshake timeout is cut off,
    /// so that its read loop, and a shutdown waiting for it, do not hang (RFC 6455 §7.1.1).
    /// </summary>
    private static async Task AbortWhenCloseHandshakeStallsAsync(WebSocket socket, WebSocketClientBus bus)
    {
        await bus.Completion.ConfigureAwait(false);
        await Task.Delay(CloseHandshakeTimeout).ConfigureAwait(false);
        try
        {
            if (socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }
        }
        catch (ObjectDisposedException)
        {
            // The handler already finished.
        }
    }

    /// <summary>Lets the writer send what is queued (and the close frame), then waits briefly for the client's close.</summary>
    private static async Task FinishAsync(WebSocket socket, WebSocketClientBus bus)
    {
        await Task.WhenAny(bus.Completion, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        await DrainUntilClosedAsync(socket).ConfigureAwait(false);
    }

    private static async Task CloseAsync(WebSocket socket, int code)
    {
        if (await SendCloseAsync(socket, code).ConfigureAwait(false))
        {
            await DrainUntilClosedAsync(socket).ConfigureAwait(false);
        }
    }

    private static async Task<bool> SendCloseAsync(WebSocket socket, int code)
    {
        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, null, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private static async Task DrainUntilClosedAsync(WebSocket socket)
    {
        // RFC 6455 §7.1.1: after our close frame, wait (bounded) for the client's before dropping the connection.
        byte[] sink = new byte[1024];
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            while (socket.State is WebSocketState.CloseSent or WebSocketState.Open)
            {
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(sink.AsMemory(), timeout.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client left without completing the close handshake.
        }
    }
}
