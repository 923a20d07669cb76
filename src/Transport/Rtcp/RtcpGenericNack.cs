using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Generic NACK (RFC 4585 §6.2.1, RTPFB FMT=1): the receiver lists lost packets of one media source.
/// <code>
/// |V=2|P|  FMT=1  |   PT=205      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// |            PID                |             BLP               |  one or more
/// </code>
/// </summary>
public readonly ref struct RtcpGenericNack
{
    public const int FeedbackFormat = 1;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpGenericNack(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body[4..]);

    public int ItemCount => (_body.Length - 8) / RtcpNackItem.Length;

    public RtcpNackItem GetItem(int index)
    {
        ReadOnlySpan<byte> item = _body.Slice(8 + index * RtcpNackItem.Length, RtcpNackItem.Length);
        return new RtcpNackItem(BinaryPrimitives.ReadUInt16BigEndian(item), BinaryPrimitives.ReadUInt16BigEndian(item[2..]));
    }

    /// <summary>Every sequence number the items name, item by item, without allocating.</summary>
    public LostSequenceNumberEnumerator LostSequenceNumbers => new(this);

    /// <summary>How many sequence numbers the items name, repeats included.</summary>
    public int LostCount
    {
        get
        {
            int total = 0;
            for (int i = 0; i < ItemCount; i++)
            {
                total += GetItem(i).LostCount;
            }

            return total;
        }
    }

    /// <summary>A NACK needs at least one item, and items are whole words (RFC 4585 §6.2.1).</summary>
    public static bool TryParse(RtcpPacket packet, out RtcpGenericNack nack)
    {
        nack = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.TransportLayerFeedback || packet.Format != FeedbackFormat
            || body.Length < 8 + RtcpNackItem.Length || (body.Length - 8) % RtcpNackItem.Length != 0)
        {
            return false;
        }

        nack = new RtcpGenericNack(body);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpGenericNack nack)
    {
        nack = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out nack);
    }

    public static int GetLength(int itemCount) => RtcpHeader.FeedbackHeaderLength + itemCount * RtcpNackItem.Length;

    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<RtcpNackItem> items, out int length)
    {
        length = GetLength(items.Length);
        if (items.IsEmpty || destination.Length < length || !RtcpHeader.FitsLengthField(length))
        {
            length = 0;
            return false;
        }

        RtcpHeader.WriteFeedback(destination, FeedbackFormat, RtcpPacketType.TransportLayerFeedback, length, senderSsrc, mediaSsrc);
        int offset = RtcpHeader.FeedbackHeaderLength;
        foreach (RtcpNackItem item in items)
        {
            TryWriteItem(destination, ref offset, item);
        }

        return true;
    }

    /// <summary>Writes a NACK for these lost sequence numbers (see <see cref="RtcpNackItem.TryBuild"/> for the packing).</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers, out int length)
    {
        length = 0;
        int offset = RtcpHeader.FeedbackHeaderLength;
        var packer = new RtcpNackItemPacker();
        foreach (ushort sequenceNumber in lostSequenceNumbers)
        {
            if (packer.Add(sequenceNumber, out RtcpNackItem closed) && !TryWriteItem(destination, ref offset, closed))
            {
                return false;
            }
        }

        if (!packer.TryClose(out RtcpNackItem last) || !TryWriteItem(destination, ref offset, last) || !RtcpHeader.FitsLengthField(offset))
        {
            return false;
        }

        RtcpHeader.WriteFeedback(destination, FeedbackFormat, RtcpPacketType.TransportLayerFeedback, offset, senderSsrc, mediaSsrc);
        length = offset;
        return true;
    }

    private static bool TryWriteItem(Span<byte> destination, ref int offset, RtcpNackItem item)
    {
        if (offset + RtcpNackItem.Length > destination.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], item.PacketId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], item.LostBitmask);
        offset += RtcpNackItem.Length;
        return true;
    }

    public ref struct LostSequenceNumberEnumerator
    {
        private readonly RtcpGenericNack _nack;
        private int _item;
        private int _bit;
        private ushort _current;

        internal LostSequenceNumberEnumerator(RtcpGenericNack nack)
        {
            _nack = nack;
            _item = 0;
            _bit = -1;
            _current = 0;
        }

        public readonly ushort Current => _current;

        public readonly LostSequenceNumberEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_item < _nack.ItemCount)
            {
                RtcpNackItem item = _nack.GetItem(_item);
                if (_bit < 0)
                {
                    _bit = 0;
                    _current = item.PacketId;
                    return true;
                }

                while (_bit < 16)
                {
                    int bit = _bit++;
                    if ((item.LostBitmask & (1 << bit)) != 0)
                    {
                        _current = (ushort)(item.PacketId + bit + 1);
                        return true;
                    }
                }

                _item++;
                _bit = -1;
            }

            return false;
        }
    }
}
