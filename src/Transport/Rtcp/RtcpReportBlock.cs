using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// One reception report block of an SR or RR (RFC 3550 §6.4.1): what the reporter received from one source.
/// <code>
/// |                 SSRC_1 (SSRC of first source)                 |
/// | fraction lost |       cumulative number of packets lost       |
/// |           extended highest sequence number received           |
/// |                      interarrival jitter                      |
/// |                         last SR (LSR)                         |
/// |                   delay since last SR (DLSR)                  |
/// </code>
/// </summary>
/// <param name="FractionLost">Lost fraction since the previous report, in 1/256.</param>
/// <param name="CumulativeLost">Signed 24-bit: duplicates can make it negative.</param>
/// <param name="LastSenderReport">The middle 32 bits of the NTP time of the last SR received from the source.</param>
/// <param name="DelaySinceLastSenderReport">In 1/65536 s.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint InterarrivalJitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public const int MinCumulativeLost = -(1 << 23);
    public const int MaxCumulativeLost = (1 << 23) - 1;

    public static bool TryRead(ReadOnlySpan<byte> source, out RtcpReportBlock block)
    {
        if (source.Length < Length)
        {
            block = default;
            return false;
        }

        // Sign-extend the 24-bit count by shifting it to the top of an int and back.
        int cumulativeLost = (int)(BinaryPrimitives.ReadUInt32BigEndian(source[4..]) << 8) >> 8;
        block = new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            cumulativeLost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
        return true;
    }

    /// <summary>Writes the 24 bytes; a cumulative loss outside 24 bits is clamped, as RFC 3550 §6.4.1 allows.</summary>
    public bool TryWrite(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ((uint)FractionLost << 24) | ((uint)lost & 0xFFFFFF));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], InterarrivalJitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        return true;
    }
}
