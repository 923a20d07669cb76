namespace Sfu.Transport.Net;

/// <summary>What a packet arriving on the shared media port is, by RFC 7983 §7.</summary>
public enum PacketKind : byte
{
    /// <summary>Empty, or a first byte in a range no protocol of ours uses (80–127, 192–255): drop.</summary>
    Unknown = 0,

    /// <summary>First byte 0–3: STUN (ICE connectivity checks).</summary>
    Stun,

    /// <summary>First byte 16–19: ZRTP, which we never negotiate: drop.</summary>
    Zrtp,

    /// <summary>First byte 20–63: a DTLS record.</summary>
    Dtls,

    /// <summary>First byte 64–79: TURN ChannelData, which a host-only server never relays: drop.</summary>
    TurnChannel,

    /// <summary>First byte 128–191 with a payload type outside 64–95.</summary>
    Rtp,

    /// <summary>First byte 128–191 with a second byte of 192–223 (RTCP packet types, RFC 5761 §4).</summary>
    Rtcp,
}
