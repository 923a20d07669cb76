using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Goodbye packet (RFC 3550 §6.6, PT=203, count = sources):
/// <code>
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC                           |
/// :                              ...                              :
/// |     length    |               reason for leaving            ... (opt)
/// </code>
/// </summary>
public readonly ref struct RtcpBye
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpBye(ReadOnlySpan<byte> body, int sourceCount, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = sourceCount;
        Reason = reason;
    }

    public int SourceCount { get; }

    /// <summary>The optional UTF-8 reason; empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4 * index, 4));

    public static bool TryParse(RtcpPacket packet, out RtcpBye bye)
    {
        bye = default;
        ReadOnlySpan<byte> body = packet.Body;
        int sourcesLength = 4 * packet.Count;
        if (packet.Type != RtcpPacketType.Goodbye || body.Length < sourcesLength)
        {
            return false;
        }

        ReadOnlySpan<byte> reason = ReadOnlySpan<byte>.Empty;
        if (body.Length > sourcesLength)
        {
            int reasonLength = body[sourcesLength];
            if (sourcesLength + 1 + reasonLength > body.Length)
            {
                return false;
            }

            reason = body.Slice(sourcesLength + 1, reasonLength);
        }

        bye = new RtcpBye(body, packet.Count, reason);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpBye bye)
    {
        bye = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out bye);
    }

    public static int GetLength(int sourceCount, int reasonLength) =>
        RtcpHeader.Length + 4 * sourceCount + (reasonLength > 0 ? (1 + reasonLength + 3) & ~3 : 0);

    /// <summary>Writes a BYE for up to 31 sources with an optional reason of at most 255 bytes, zero-padded to a word.</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int length)
    {
        length = GetLength(ssrcs.Length, reason.Length);
        if (ssrcs.Length > RtcpHeader.MaxCount || reason.Length > byte.MaxValue || destination.Length < length)
        {
            length = 0;
            return false;
        }

        RtcpHeader.Write(destination, ssrcs.Length, RtcpPacketType.Goodbye, length);
        int offset = RtcpHeader.Length;
        foreach (uint ssrc in ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += 4;
        }

        if (!reason.IsEmpty)
        {
            destination[offset] = (byte)reason.Length;
            reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + reason.Length)..length].Clear();
        }

        return true;
    }
}
