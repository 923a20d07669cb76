namespace Sfu.Transport.Net;

/// <summary>
/// Demultiplexes one UDP port (or one RFC 4571 frame) by looking at the first bytes only, as RFC 7983 §7
/// draws the ranges. The caller still parses and validates what it dispatches.
/// </summary>
public static class PacketClassifier
{
    public static PacketKind Classify(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return PacketKind.Unknown;
        }

        byte first = packet[0];
        return first switch
        {
            <= 3 => PacketKind.Stun,
            >= 16 and <= 19 => PacketKind.Zrtp,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 64 and <= 79 => PacketKind.TurnChannel,
            >= 128 and <= 191 => ClassifyRtpOrRtcp(packet),
            _ => PacketKind.Unknown,
        };
    }

    // RFC 5761 §4: with rtcp-mux, RTP payload types 64–95 are avoided precisely so that the second byte of an
    // RTCP packet (packet type 192–223, whose low 7 bits are 64–95) tells RTCP apart from RTP's marker+PT byte.
    private static PacketKind ClassifyRtpOrRtcp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 2)
        {
            return PacketKind.Unknown;
        }

        int payloadType = packet[1] & 0x7F;
        return payloadType is >= 64 and <= 95 ? PacketKind.Rtcp : PacketKind.Rtp;
    }
}
