using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Media;

/// <summary>Which of a session's two transports (PROTOCOL.md §5.2): the browser's upload ("cts") or its download ("stc").</summary>
public enum TransportDirection
{
    Upload,
    Download,
}

/// <summary>
/// Event from a transport actor to the session that owns the transport: its state changed (ICE and DTLS taken
/// together: new, connecting, connected, disconnected when consent expired, failed, closed). A session closes with
/// 1011 when one of its transports fails, disconnects or closes (§7.1); the client reconnects.
/// </summary>
/// <param name="Reason">Why it failed, disconnected or closed, for logs; null otherwise.</param>
public sealed record TransportStateChanged(string TransportId, TransportDirection Direction, WebRtcTransportState State, string? Reason);

/// <summary>From the router to a transport actor: what the worker saw the transport become.</summary>
internal sealed record TransportStateObserved(WebRtcTransportState State, string? Reason);
