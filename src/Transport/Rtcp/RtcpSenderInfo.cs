using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// The sender information section of a Sender Report (RFC 3550 §6.4.1): which RTP timestamp corresponds to
/// which wallclock (NTP) time, and how much the sender has sent.
/// </summary>
/// <param name="NtpTimestamp">64-bit NTP time: seconds since 1900 in the high word, fraction in the low word.</param>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    public const int Length = 20;

    /// <summary>The middle 32 bits of the NTP time, as echoed in LSR and LRR fields (RFC 3550 §6.4.1).</summary>
    public uint CompactNtp => CompactNtpOf(NtpTimestamp);

    public static uint CompactNtpOf(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    internal static RtcpSenderInfo Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[16..]));

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], OctetCount);
    }
}
