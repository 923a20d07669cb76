using Microsoft.Extensions.Logging;
using Sfu.Actors.Runtime;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Media;

/// <summary>
/// One per WebRTC transport (DESIGN.md, "Transport"): the session-facing view of a transport whose ICE, DTLS and SRTP
/// state live on the media worker. It is a child of the channel's router and runs on the same worker thread; the
/// transport's state changes reach it as messages, so the worker never waits for a session, and it tells the owning
/// session of every change. The router stops it before it closes the transport on the session's request, so a
/// session never hears of a close it asked for.
/// </summary>
public sealed class TransportActor : ReceiveActor
{
    private readonly string _transportId;
    private readonly TransportDirection _direction;
    private readonly IActorRef _owner;
    private WebRtcTransportState _state = WebRtcTransportState.New;
    private string? _reason;

    public TransportActor(string transportId, TransportDirection direction, IActorRef owner)
    {
        _transportId = transportId;
        _direction = direction;
        _owner = owner;
        Receive<TransportStateObserved>(OnObserved);
    }

    private void OnObserved(TransportStateObserved observed)
    {
        if (observed.State == _state)
        {
            return;
        }

        _state = observed.State;
        _reason = observed.Reason;
        if (_state is WebRtcTransportState.Failed or WebRtcTransportState.Disconnected or WebRtcTransportState.Closed)
        {
            Context.Log.LogWarning("{Direction} transport {Transport} {State}: {Reason}", _direction, _transportId, _state, _reason);
        }
        else
        {
            Context.Log.LogDebug("{Direction} transport {Transport} {State}", _direction, _transportId, _state);
        }

        _owner.Tell(new TransportStateChanged(_transportId, _direction, _state, _reason));
    }
}
