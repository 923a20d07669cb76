using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// One sub-block of a DLRR report block (RFC 3611 §4.5): for receiver <paramref name="Ssrc"/>, the compact
/// NTP time of its last RRTR and the delay since, in 1/65536 s.
/// </summary>
public readonly record struct RtcpDlrrSubBlock(uint Ssrc, uint LastReceiverReport, uint DelaySinceLastReceiverReport)
{
    public const int Length = 12;

    internal static RtcpDlrrSubBlock Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], LastReceiverReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], DelaySinceLastReceiverReport);
    }
}
