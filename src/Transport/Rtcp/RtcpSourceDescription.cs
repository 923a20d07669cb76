using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// A Source Description packet (RFC 3550 §6.5, PT=202, count = chunks):
/// <code>
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// |                          SSRC/CSRC_1                          |
/// |   type (1)    |    length     |  text ...   | type (1) | ...  |
/// |  ...  0 (end) |  0 padding to the next 32-bit boundary       |
/// |                          SSRC/CSRC_2 ...                      |
/// </code>
/// Every chunk's item list ends with at least one null byte and the chunk is padded to a word (§6.5).
/// </summary>
public readonly ref struct RtcpSourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpSourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        ChunkCount = chunkCount;
    }

    public int ChunkCount { get; }

    public ChunkEnumerator Chunks => new(_body, ChunkCount);

    public static bool TryParse(RtcpPacket packet, out RtcpSourceDescription description)
    {
        description = default;
        if (packet.Type != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        ReadOnlySpan<byte> body = packet.Body;
        int offset = 0;
        for (int chunk = 0; chunk < packet.Count; chunk++)
        {
            if (!TryDelimitChunk(body, offset, out _, out _, out int next))
            {
                return false;
            }

            offset = next;
        }

        description = new RtcpSourceDescription(body, packet.Count);
        return true;
    }

    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpSourceDescription description)
    {
        description = default;
        return RtcpPacket.TryParse(data, out RtcpPacket packet) && TryParse(packet, out description);
    }

    /// <summary>
    /// Finds the items of the chunk at <paramref name="start"/> and where the next chunk begins: after the
    /// end-of-list null byte, rounded up to a word from the chunk's start.
    /// </summary>
    private static bool TryDelimitChunk(ReadOnlySpan<byte> body, int start, out uint ssrc, out int itemsLength, out int next)
    {
        ssrc = 0;
        itemsLength = 0;
        next = 0;
        if (start + 4 > body.Length)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[start..]);
        int offset = start + 4;
        while (true)
        {
            if (offset >= body.Length)
            {
                return false;
            }

            if (body[offset] == (byte)RtcpSdesItemType.End)
            {
                itemsLength = offset - start - 4;
                next = start + ((offset + 1 - start + 3) & ~3);
                return next <= body.Length;
            }

            if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
            {
                return false;
            }

            offset += 2 + body[offset + 1];
        }
    }

    public ref struct ChunkEnumerator
    {
        private readonly ReadOnlySpan<byte> _body;
        private readonly int _count;
        private int _index;
        private int _offset;
        private RtcpSdesChunk _current;

        internal ChunkEnumerator(ReadOnlySpan<byte> body, int count)
        {
            _body = body;
            _count = count;
            _index = 0;
            _offset = 0;
            _current = default;
        }

        public readonly RtcpSdesChunk Current => _current;

        public readonly ChunkEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_index >= _count || !TryDelimitChunk(_body, _offset, out uint ssrc, out int itemsLength, out int next))
            {
                return false;
            }

            _current = new RtcpSdesChunk(ssrc, _body.Slice(_offset + 4, itemsLength));
            _offset = next;
            _index++;
            return true;
        }
    }
}
