using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Auth;
using Sfu.Actors.Channels;
using Sfu.Actors.Configuration;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Sessions;

/// <summary>Everything a session is created with; it survives restarts (the session keeps its identity and socket).</summary>
public sealed record SessionSetup(
    SessionId Id,
    string ChannelUuid,
    bool WebRtcEnabled,
    IClientBus Bus,
    SessionMemory Memory,
    SignalingSettings Signaling,
    ChannelSettings Limits,
    SessionMediaSetup? Media = null)
{
    public ConsumptionOptions Options { get; init; } = ConsumptionOptions.Default;
}

/// <summary>
/// One participant (PROTOCOL.md §5): owns its info and its bus, answers its client's messages and requests,
/// pings it, and closes with the right code. Its parent is the channel, which restarts it when a handler throws;
/// a restart keeps the socket, the identity and the info, so the other participants see nothing.
/// </summary>
public sealed partial class SessionActor : ReceiveActor
{
    private readonly SessionSetup _setup;
    private readonly IClientBus _bus;
    private readonly SessionMemory _memory;

    public SessionActor(SessionSetup setup)
    {
        _setup = setup;
        _bus = setup.Bus;
        _memory = setup.Memory;

        Receive<ClientMessage>(HandleClientMessage);
        Receive<ClientRequest>(HandleClientRequest);
        Receive<DeliverToClient>(m => _bus.Send(m.Name, m.Payload));
        Receive<PingDue>(_ => SendPing());
        Receive<PingAnswered>(_ => { });
        Receive<PingFailed>(HandlePingFailure);
        Receive<ConnectionDeadline>(_ => CloseIfNotConnected());
        Receive<ClientSocketClosed>(m => Close(m.Failed ? CloseReason.WebSocketError : CloseReason.WebSocketClosed));
        Receive<CloseSession>(HandleCloseFromChannel);
        Receive<GetSessionStats>(_ => ReplyStats());
        ReceiveMedia();
    }

    private string Name => $"channel {_setup.ChannelUuid} session {_setup.Id}";

    protected override void PreStart()
    {
        // Also runs after a restart (PostRestart calls it): timers are re-armed, the state is kept.
        Context.Timers.StartPeriodicTimer(PingDue.Key, PingDue.Instance, _setup.Signaling.PingInterval);
        if (_memory.State == SessionState.New)
        {
            _memory.State = SessionState.Connecting;
            Context.Log.LogInformation("{Session} joined", Name);
        }

        if (_memory.State == SessionState.Connecting)
        {
            if (_setup.WebRtcEnabled)
            {
                // The transports come first (§5.2 step 4); the client gets INIT_TRANSPORTS once they exist, and the
                // connection deadline applies meanwhile.
                Context.Timers.StartSingleTimer(ConnectionDeadline.Key, ConnectionDeadline.Instance, _setup.Signaling.ConnectionTimeout);
                if (_setup.Media is { } media && !Media.TransportsRequested)
                {
                    RequestTransports(media);
                }
            }
            else
            {
                // Channels without WebRTC skip the transports: the session is connected at once (§5.2).
                _memory.State = SessionState.Connected;
            }
        }
        else if (_memory.State == SessionState.Connected && _setup.Media is not null)
        {
            ResumeConsumptionAfterRestart();
        }
    }

    protected override void PreRestart(Exception reason, object? message)
    {
        // Unlike the default, keep the socket open: the client must not notice the restart.
        Context.Log.LogError(reason, "{Session} failed while handling {Message}; restarting it", Name, message?.GetType().Name);
    }

    protected override void PostStop()
    {
        if (_memory.State != SessionState.Closed)
        {
            // Stopped by its supervisor after too many failures (or by a dying parent): an error for the client.
            _memory.State = SessionState.Closed;
            Context.Log.LogError("{Session} stopped after repeated failures; closing its socket with {Code}", Name, CloseCodes.Error);
            _bus.Close(CloseCodes.Error);
            ReleaseMedia();
        }
    }

    private void HandleClientMessage(ClientMessage message)
    {
        if (_memory.State == SessionState.Closed)
        {
            return;
        }

        switch (message.Name)
        {
            case "BROADCAST":
                Context.Parent.Tell(new SessionBroadcast(_setup.Id, message.Payload));
                break;
            case "C_INFO_CHANGE":
                ApplyInfoChange(message.Payload);
                break;
            case "PRODUCTION_CHANGE":
                ApplyProductionChange(message.Payload);
                break;
            case "CONSUMPTION_CHANGE":
                ChangeConsumption(message.Payload);
                break;
            default:
                Context.Log.LogWarning("{Session} sent the unknown message {Name}; ignored", Name, message.Name);
                break;
        }
    }

    private void HandleClientRequest(ClientRequest request)
    {
        if (_memory.State == SessionState.Closed)
        {
            return;
        }

        switch (request.Name)
        {
            case "CONNECT_CTS_TRANSPORT" or "CONNECT_STC_TRANSPORT" when !_setup.WebRtcEnabled:
                // A request on a channel without WebRTC fails: no response (§4.5.2).
                Context.Log.LogWarning("{Session} asked {Name} in a channel without WebRTC; not answered", Name, request.Name);
                break;
            case "CONNECT_CTS_TRANSPORT" or "CONNECT_STC_TRANSPORT" when _setup.Media is { } media:
                ConnectTransport(request, media);
                break;
            case "INIT_PRODUCER" when _setup.Media is { } media:
                InitProducer(request, media);
                break;
            case "INIT_PRODUCER":
                Context.Log.LogWarning("{Session} asked to produce but this channel has no media router; not answered", Name);
                CountError();
                break;
            default:
                // Unknown requests are not answered; the client times out (§4.5, R36).
                Context.Log.LogWarning("{Session} sent the unknown request {Name}; not answered", Name, request.Name);
                break;
        }
    }

    private void ApplyInfoChange(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            Context.Log.LogWarning("{Session} sent C_INFO_CHANGE without an object payload; ignored", Name);
            return;
        }

        if (payload.TryGetProperty("info", out JsonElement info))
        {
            _memory.Info.ApplyClientInfo(info);
        }

        bool needRefresh = JsTruthiness.IsTruthyMember(payload, "needRefresh");
        Context.Parent.Tell(new SessionInfoChanged(_setup.Id, _memory.Info.Clone(), needRefresh, Broadcast: true));
    }

    private void ApplyProductionChange(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("type", out JsonElement type))
        {
            Context.Log.LogWarning("{Session} sent PRODUCTION_CHANGE without a type; ignored", Name);
            return;
        }

        payload.TryGetProperty("active", out JsonElement active);
        string? kind = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (kind == "camera")
        {
            _memory.Info.SetRaw("isCameraOn", active);
        }
        else if (kind == "screen")
        {
            _memory.Info.SetRaw("isScreenSharingOn", active);
        }

        // Without a producer of that type the info changes silently (§5.4 step 2); with one, it pauses or resumes and
        // everyone hears the new info (steps 3–5).
        bool produced = kind is not null && TryChangeProduction(kind, active);
        Context.Parent.Tell(new SessionInfoChanged(_setup.Id, _memory.Info.Clone(), NeedRefresh: false, Broadcast: produced));
    }

    private void SendPing()
    {
        if (_memory.State == SessionState.Closed)
        {
            return;
        }

        _bus.RequestAsync("PING", null, _setup.Signaling.PingTimeout)
            .PipeTo(Self, success: _ => PingAnswered.Instance, failure: e => new PingFailed(e));
    }

    private void HandlePingFailure(PingFailed failure)
    {
        if (failure.Cause is BusClosedException)
        {
            // The socket went away; its own close message ends the session.
            return;
        }

        Context.Log.LogWarning("{Session} did not answer PING within {Timeout}", Name, _setup.Signaling.PingTimeout);
        Close(CloseReason.PingTimeout);
    }

    private void CloseIfNotConnected()
    {
        if (_memory.State == SessionState.Connecting)
        {
            Context.Log.LogWarning("{Session} not connected {Timeout} after authentication", Name, _setup.Signaling.ConnectionTimeout);
            Close(CloseReason.ConnectionTimeout);
        }
    }

    private void CountError()
    {
        // The session closes at the error after the limit, counted over its whole life (§5.5, quirk Q21).
        _memory.ErrorCount++;
        if (_memory.ErrorCount > _setup.Limits.SessionErrorLimit)
        {
            Context.Log.LogError("{Session} reached {Count} errors", Name, _memory.ErrorCount);
            Close(CloseReason.Error);
        }
    }

    private void HandleCloseFromChannel(CloseSession close)
    {
        CloseSocket(close.Reason);
        Sender.Tell(new SessionClosed(_setup.Id));
        Context.Stop(Self);
    }

    /// <summary>Closes on the session's own initiative and tells the channel, which informs the others.</summary>
    private void Close(CloseReason reason)
    {
        if (_memory.State == SessionState.Closed)
        {
            return;
        }

        CloseSocket(reason);
        Context.Parent.Tell(new SessionEnded(_setup.Id, reason));
        Context.Stop(Self);
    }

    private void CloseSocket(CloseReason reason)
    {
        if (_memory.State == SessionState.Closed)
        {
            return;
        }

        _memory.State = SessionState.Closed;
        Context.Timers.CancelAll();
        if (CloseCodes.For(reason) is int code)
        {
            _bus.Close(code);
        }

        ReleaseMedia();
        Context.Log.LogInformation("{Session} closed ({Reason})", Name, reason);
    }

    private sealed record PingDue
    {
        public static readonly PingDue Instance = new();
        public static readonly object Key = "ping";
    }

    private sealed record PingAnswered
    {
        public static readonly PingAnswered Instance = new();
    }

    private sealed record PingFailed(Exception Cause);

    private sealed record ConnectionDeadline
    {
        public static readonly ConnectionDeadline Instance = new();
        public static readonly object Key = "connection-deadline";
    }
}
