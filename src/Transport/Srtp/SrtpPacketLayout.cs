using System.Buffers.Binary;

namespace Sfu.Transport.Srtp;

/// <summary>
/// The few header fields SRTP needs, read without trusting the input: where the RTP header ends
/// (RFC 3550 §5.1 and §5.3.1), the sequence number, and the SSRC of RTP and RTCP packets.
/// </summary>
internal static class SrtpPacketLayout
{
    public const int RtpFixedHeaderLength = 12;
    public const int RtcpHeaderLength = 8;
    private const int RtpVersion = 2;

    /// <summary>
    /// Reads an RTP header. False if <paramref name="packet"/> is shorter than its header, counting CSRCs and
    /// the extension, or is not RTP version 2.
    /// </summary>
    public static bool TryReadRtp(ReadOnlySpan<byte> packet, out int headerLength, out ushort sequenceNumber, out uint ssrc)
    {
        headerLength = 0;
        sequenceNumber = 0;
        ssrc = 0;
        if (packet.Length < RtpFixedHeaderLength || packet[0] >> 6 != RtpVersion)
        {
            return false;
        }

        int length = RtpFixedHeaderLength + 4 * (packet[0] & 0x0F);
        bool hasExtension = (packet[0] & 0x10) != 0;
        if (hasExtension)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2));
        }

        if (packet.Length < length)
        {
            return false;
        }

        headerLength = length;
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2));
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4));
        return true;
    }

    /// <summary>Reads the sender SSRC of the first RTCP packet of a compound packet (RFC 3550 §6.4).</summary>
    public static bool TryReadRtcp(ReadOnlySpan<byte> packet, out uint ssrc)
    {
        ssrc = 0;
        if (packet.Length < RtcpHeaderLength || packet[0] >> 6 != RtpVersion)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
        return true;
    }
}
