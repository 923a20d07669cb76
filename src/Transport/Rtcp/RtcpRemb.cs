using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2), an application layer feedback
/// message (PSFB FMT=15) recognised by its "REMB" identifier:
/// <code>
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source (0)                     |
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// |   SSRC feedback                                               |  Num SSRC times
/// </code>
/// The bitrate, in bits per second, is mantissa × 2^exp (18-bit mantissa, 6-bit exponent).
/// </summary>
public readonly ref struct RtcpRemb
{
    public const int FeedbackFormat = 15;
    public const int FixedLength = RtcpHeader.FeedbackHeaderLength + 8;
    public const uint MaxMantissa = (1 << 18) - 1;
    public const int MaxExponent = (1 << 6) - 1;

    internal const uint UniqueIdentifier = 0x52454D42; // "REMB"

    private readonly ReadOnlySpan<byte> _body;

    private RtcpRemb(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    public int SsrcCount => _body[12];

    public int Exponent => _body[13] >> 2;

    public uint Mantissa => ((uint)(_body[13] & 0x03) << 16) | BinaryPrimitives.ReadUInt16BigEndian(_body[14..]);

    /// <summary>The bitrate in bits per second; an exponent that overflows 64 bits saturates.</summary>
    public ulong Bitrate => Decode(Exponent, Mantissa);

    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16 + 4 * index, 4));

    public static bool TryParse(RtcpPacket packet, out RtcpRemb remb)
    {
        remb = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.PayloadSpecificFeedback || packet.Format != FeedbackFormat
            || body.Length < 16 || BinaryPrimitives.ReadUInt32BigEndian(body[8..]) != UniqueIdentifier
            || body.Length < 16 + 4 * body[12])
        {
            return false;
        }

        remb = new RtcpRemb(body);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpRemb remb)
    {
        remb = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out remb);
    }

    public static ulong Decode(int exponent, uint mantissa)
    {
        if (mantissa == 0)
        {
            return 0;
        }

        return exponent >= 64 || mantissa > ulong.MaxValue >> exponent ? ulong.MaxValue : (ulong)mantissa << exponent;
    }

    /// <summary>The smallest exponent whose mantissa holds the bitrate; lower bits are dropped (rounding down).</summary>
    public static (int Exponent, uint Mantissa) Encode(ulong bitrate)
    {
        int exponent = 0;
        while (bitrate >> exponent > MaxMantissa)
        {
            exponent++;
        }

        return (exponent, (uint)(bitrate >> exponent));
    }

    public static int GetLength(int ssrcCount) => FixedLength + 4 * ssrcCount;

    /// <summary>Writes a REMB for a bitrate in bits per second, media SSRC 0 as the draft requires.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs, out int length)
    {
        (int exponent, uint mantissa) = Encode(bitrate);
        return TryWrite(destination, senderSsrc, exponent, mantissa, ssrcs, out length);
    }

    /// <summary>Writes a REMB from an exponent (0..63) and mantissa (18 bits) as they are on the wire.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, int exponent, uint mantissa, ReadOnlySpan<uint> ssrcs, out int length)
    {
        length = GetLength(ssrcs.Length);
        if (exponent is < 0 or > MaxExponent || mantissa > MaxMantissa || ssrcs.Length > byte.MaxValue || destination.Length < length)
        {
            length = 0;
            return false;
        }

        RtcpHeader.WriteFeedback(destination, FeedbackFormat, RtcpPacketType.PayloadSpecificFeedback, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], UniqueIdentifier);
        destination[16] = (byte)ssrcs.Length;
        destination[17] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[18..], (ushort)mantissa);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(FixedLength + 4 * i)..], ssrcs[i]);
        }

        return true;
    }
}
