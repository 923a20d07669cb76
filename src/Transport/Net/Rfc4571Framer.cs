using System.Buffers.Binary;

namespace Sfu.Transport.Net;

/// <summary>
/// RFC 4571 §2 framing, used by ICE-TCP (RFC 6544 §3): every STUN, DTLS, RTP or RTCP packet on the TCP stream is
/// preceded by its length as a 16-bit big-endian number, so a frame carries at most 65535 bytes.
/// </summary>
public static class Rfc4571Framer
{
    public const int HeaderLength = 2;

    public const int MaxFrameLength = ushort.MaxValue;

    /// <summary>Writes the length prefix then the payload. False when the payload is too long or the buffer too short.</summary>
    public static bool TryWriteFrame(ReadOnlySpan<byte> payload, Span<byte> destination, out int written)
    {
        written = 0;
        if (payload.Length > MaxFrameLength || destination.Length < HeaderLength + payload.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)payload.Length);
        payload.CopyTo(destination.Slice(HeaderLength));
        written = HeaderLength + payload.Length;
        return true;
    }

    /// <summary>
    /// Writes only the prefix, for callers that built the payload in place two bytes into their buffer and want
    /// to avoid the copy.
    /// </summary>
    public static bool TryWriteHeader(int payloadLength, Span<byte> destination)
    {
        if (payloadLength is < 0 or > MaxFrameLength || destination.Length < HeaderLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)payloadLength);
        return true;
    }
}
