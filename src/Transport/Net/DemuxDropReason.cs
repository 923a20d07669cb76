namespace Sfu.Transport.Net;

/// <summary>Why the demultiplexer dropped a packet; every drop is counted under one of these.</summary>
public enum DemuxDropReason
{
    /// <summary>Empty, or a first byte no protocol of ours uses (RFC 7983 §7: 80–127, 192–255, 4–15).</summary>
    UnknownKind = 0,

    /// <summary>ZRTP (first byte 16–19), never negotiated.</summary>
    Zrtp,

    /// <summary>TURN ChannelData (first byte 64–79): a host-only server relays nothing.</summary>
    TurnChannel,

    /// <summary>Looked like STUN but did not parse (header, attributes, FINGERPRINT).</summary>
    MalformedStun,

    /// <summary>A STUN message whose USERNAME names no local ufrag of this worker.</summary>
    StunForUnknownUfrag,

    /// <summary>A STUN message without USERNAME (a response or indication) from a tuple no transport owns.</summary>
    StunFromUnknownTuple,

    /// <summary>DTLS from a tuple ICE has not validated: never handed to a handshake (RFC 8445 §7.3, consent).</summary>
    DtlsFromUnvalidatedTuple,

    /// <summary>RTP from a tuple ICE has not validated.</summary>
    RtpFromUnvalidatedTuple,

    /// <summary>RTCP from a tuple ICE has not validated.</summary>
    RtcpFromUnvalidatedTuple,
}
