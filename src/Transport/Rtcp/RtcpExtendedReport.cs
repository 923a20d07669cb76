using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// An Extended Report packet (RFC 3611 §2, PT=207):
/// <code>
/// |V=2|P|reserved |   PT=XR=207   |             length            |
/// |                              SSRC                             |
/// :                         report blocks                         :
/// </code>
/// The parser checks every block's length against the packet, and the fixed shapes of RRTR (two words,
/// §4.4) and DLRR (a multiple of three words, §4.5); other block types are kept as raw content.
/// </summary>
public readonly ref struct RtcpExtendedReport
{
    public const int FixedLength = RtcpHeader.Length + 4;
    public const int BlockHeaderLength = 4;
    public const int ReceiverReferenceTimeBlockLength = BlockHeaderLength + 8;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpExtendedReport(ReadOnlySpan<byte> body) => _body = body;

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public BlockEnumerator Blocks => new(_body[4..]);

    public static bool TryParse(RtcpPacket packet, out RtcpExtendedReport report)
    {
        report = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (packet.Type != RtcpPacketType.ExtendedReport || body.Length < 4)
        {
            return false;
        }

        ReadOnlySpan<byte> blocks = body[4..];
        int offset = 0;
        while (offset < blocks.Length)
        {
            if (!TryReadBlock(blocks, ref offset, out RtcpXrBlock block) || !HasValidShape(block))
            {
                return false;
            }
        }

        report = new RtcpExtendedReport(body);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpExtendedReport report)
    {
        report = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out report);
    }

    /// <summary>The NTP time of the first Receiver Reference Time block (RFC 3611 §4.4).</summary>
    public bool TryGetReceiverReferenceTime(out ulong ntpTimestamp)
    {
        foreach (RtcpXrBlock block in Blocks)
        {
            if (block.Type == RtcpXrBlockType.ReceiverReferenceTime)
            {
                ntpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(block.Content);
                return true;
            }
        }

        ntpTimestamp = 0;
        return false;
    }

    /// <summary>The first DLRR block (RFC 3611 §4.5).</summary>
    public bool TryGetDlrr(out RtcpDlrrBlock dlrr)
    {
        foreach (RtcpXrBlock block in Blocks)
        {
            if (block.Type == RtcpXrBlockType.DelaySinceLastReceiverReport)
            {
                dlrr = new RtcpDlrrBlock(block.Content);
                return true;
            }
        }

        dlrr = default;
        return false;
    }

    private static bool TryReadBlock(ReadOnlySpan<byte> blocks, scoped ref int offset, out RtcpXrBlock block)
    {
        block = default;
        if (offset + BlockHeaderLength > blocks.Length)
        {
            return false;
        }

        // RFC 3611 §3: the block length counts 32-bit words after the block's own header word.
        int contentLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(blocks[(offset + 2)..]);
        if (offset + BlockHeaderLength + contentLength > blocks.Length)
        {
            return false;
        }

        block = new RtcpXrBlock((RtcpXrBlockType)blocks[offset], blocks[offset + 1], blocks.Slice(offset + BlockHeaderLength, contentLength));
        offset += BlockHeaderLength + contentLength;
        return true;
    }

    private static bool HasValidShape(RtcpXrBlock block) => block.Type switch
    {
        RtcpXrBlockType.ReceiverReferenceTime => block.Content.Length == 8,
        RtcpXrBlockType.DelaySinceLastReceiverReport => block.Content.Length % RtcpDlrrSubBlock.Length == 0,
        _ => true,
    };

    public ref struct BlockEnumerator
    {
        private readonly ReadOnlySpan<byte> _blocks;
        private int _offset;
        private RtcpXrBlock _current;

        internal BlockEnumerator(ReadOnlySpan<byte> blocks)
        {
            _blocks = blocks;
            _offset = 0;
            _current = default;
        }

        public readonly RtcpXrBlock Current => _current;

        public readonly BlockEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            int offset = _offset;
            if (offset >= _blocks.Length || !TryReadBlock(_blocks, ref offset, out RtcpXrBlock block))
            {
                return false;
            }

            _offset = offset;
            _current = block;
            return true;
        }
    }
}
