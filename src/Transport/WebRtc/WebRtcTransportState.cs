namespace Sfu.Transport.WebRtc;

/// <summary>Where a WebRTC transport stands, ICE and DTLS taken together.</summary>
public enum WebRtcTransportState
{
    /// <summary>Created; no connectivity check and no DTLS parameters yet.</summary>
    New = 0,

    /// <summary>ICE checks or the DTLS handshake under way.</summary>
    Connecting,

    /// <summary>ICE selected a path and DTLS produced the SRTP keys: media flows.</summary>
    Connected,

    /// <summary>
    /// ICE consent expired (RFC 7675 §5.1, PROTOCOL §7.1): nothing is sent; valid checks from the peer bring the
    /// transport back to <see cref="Connected"/> with the same keys.
    /// </summary>
    Disconnected,

    /// <summary>DTLS failed (wrong fingerprint, timeout, fatal alert) or ICE checks went unanswered. Final.</summary>
    Failed,

    /// <summary>Closed by its owner or by the peer's close_notify. Final.</summary>
    Closed,
}
