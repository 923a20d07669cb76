using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1,
/// RTPFB FMT=15): for a range of transport-wide sequence numbers, which packets arrived and when.
/// <code>
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// |                     SSRC of packet sender                     |
/// |                      SSRC of media source                     |
/// |      base sequence number     |      packet status count      |
/// |                 reference time                | fb pkt. count |
/// |          packet chunk         |         packet chunk          |  ...
/// |         packet chunk          |  recv delta   |  recv delta   |  ...
/// </code>
/// The parser walks every chunk and checks that the receive deltas they imply are all in the packet, so the
/// status enumerator can then run without further checks. A packet without receive deltas is refused: the
/// server needs arrival times.
/// </summary>
public readonly ref struct RtcpTransportFeedback
{
    public const int FeedbackFormat = 15;

    /// <summary>Header, both SSRCs, base sequence number, status count, reference time, feedback count.</summary>
    public const int FixedLength = RtcpHeader.FeedbackHeaderLength + 8;

    private const int ChunksOffsetInBody = FixedLength - RtcpHeader.Length;

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _deltasOffset;

    private RtcpTransportFeedback(ReadOnlySpan<byte> body, int deltasOffset, int receivedCount)
    {
        _body = body;
        _deltasOffset = deltasOffset;
        ReceivedCount = receivedCount;
    }

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body[8..]);

    public int PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body[10..]);

    /// <summary>The 24-bit reference time in 64 ms units, as sent; it wraps, so only differences matter.</summary>
    public int ReferenceTime => (int)(BinaryPrimitives.ReadUInt32BigEndian(_body[12..]) >> 8);

    public long ReferenceTimeMicroseconds => ReferenceTime * (long)TransportFeedbackChunks.MicrosecondsPerReferenceUnit;

    public byte FeedbackPacketCount => _body[15];

    /// <summary>How many of the reported packets were received.</summary>
    public int ReceivedCount { get; }

    /// <summary>Every reported sequence number in order, with its status and receive delta.</summary>
    public TransportFeedbackStatusEnumerator Statuses =>
        new(_body[ChunksOffsetInBody.._deltasOffset], _body[_deltasOffset..], BaseSequenceNumber, PacketStatusCount);

    public static bool TryParse(RtcpPacket packet, out RtcpTransportFeedback feedback)
    {
        feedback = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.TransportLayerFeedback || packet.Format != FeedbackFormat || body.Length < ChunksOffsetInBody)
        {
            return false;
        }

        int remaining = BinaryPrimitives.ReadUInt16BigEndian(body[10..]);
        if (remaining == 0)
        {
            return false;
        }

        int offset = ChunksOffsetInBody;
        int deltaBytes = 0;
        int received = 0;
        while (remaining > 0)
        {
            if (offset + TransportFeedbackChunks.ChunkLength > body.Length)
            {
                return false;
            }

            ushort chunk = BinaryPrimitives.ReadUInt16BigEndian(body[offset..]);
            offset += TransportFeedbackChunks.ChunkLength;
            int count = Math.Min(TransportFeedbackChunks.SymbolCount(chunk), remaining);
            if (TransportFeedbackChunks.IsRunLength(chunk))
            {
                int symbol = TransportFeedbackChunks.SymbolAt(chunk, 0);
                if (symbol == TransportFeedbackChunks.Reserved && count > 0)
                {
                    return false;
                }

                deltaBytes += symbol * count;
                received += symbol == TransportFeedbackChunks.NotReceived ? 0 : count;
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    int symbol = TransportFeedbackChunks.SymbolAt(chunk, i);
                    if (symbol == TransportFeedbackChunks.Reserved)
                    {
                        return false;
                    }

                    deltaBytes += symbol;
                    received += symbol == TransportFeedbackChunks.NotReceived ? 0 : 1;
                }
            }

            remaining -= count;
        }

        if (offset + deltaBytes > body.Length)
        {
            return false;
        }

        feedback = new RtcpTransportFeedback(body, offset, received);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpTransportFeedback feedback)
    {
        feedback = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out feedback);
    }
}
