using System.Buffers.Binary;

namespace Sfu.Transport.Rtp;

/// <summary>
/// A view over one RTP packet held in a caller's buffer (RFC 3550 §5.1). Reading never copies; setters write
/// the header fields in place, so a forwarded packet is rewritten where it was received. Operations that change
/// the packet's size (header extensions, padding) move bytes inside the buffer and may use its spare capacity
/// beyond <see cref="Length"/>.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers             |  CC times
/// |      defined by profile       |           length              |  if X
/// |                        header extension                       |
/// |                            payload  ...   padding | count     |
/// </code>
/// </remarks>
public ref partial struct RtpPacket
{
    public const int FixedHeaderLength = 12;
    public const int Version2 = 2;

    private const byte PaddingBit = 0x20;
    private const byte ExtensionBit = 0x10;
    private const byte CsrcCountMask = 0x0F;
    private const byte MarkerBit = 0x80;
    private const byte PayloadTypeMask = 0x7F;

    private readonly Span<byte> _buffer;
    private int _length;
    private int _headerLength;
    private int _paddingLength;

    private RtpPacket(Span<byte> buffer, int length, int headerLength, int paddingLength)
    {
        _buffer = buffer;
        _length = length;
        _headerLength = headerLength;
        _paddingLength = paddingLength;
    }

    /// <summary>
    /// Checks that the first <paramref name="length"/> bytes of <paramref name="buffer"/> are a well-formed RTP
    /// packet: version 2, the CSRC list and the header extension inside the packet, and a padding count that
    /// is at least 1 and no larger than what follows the header (RFC 3550 §5.1). The rest of the buffer is
    /// spare room for operations that grow the packet.
    /// </summary>
    public static bool TryParse(Span<byte> buffer, int length, out RtpPacket packet)
    {
        packet = default;
        if (length < FixedHeaderLength || length > buffer.Length)
        {
            return false;
        }

        byte first = buffer[0];
        if (first >> 6 != Version2)
        {
            return false;
        }

        int headerLength = FixedHeaderLength + 4 * (first & CsrcCountMask);
        if (headerLength > length)
        {
            return false;
        }

        if ((first & ExtensionBit) != 0)
        {
            // RFC 3550 §5.3.1: a 4-byte extension header whose length counts the 32-bit words that follow it.
            if (headerLength + 4 > length)
            {
                return false;
            }

            int words = BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(headerLength + 2, 2));
            headerLength += 4 + 4 * words;
            if (headerLength > length)
            {
                return false;
            }
        }

        int paddingLength = 0;
        if ((first & PaddingBit) != 0)
        {
            // The last byte counts the padding bytes including itself, so it can be neither zero nor reach
            // into the header.
            paddingLength = buffer[length - 1];
            if (paddingLength == 0 || paddingLength > length - headerLength)
            {
                return false;
            }
        }

        packet = new RtpPacket(buffer, length, headerLength, paddingLength);
        return true;
    }

    /// <summary>Parses a packet that fills the whole of <paramref name="packetBytes"/>.</summary>
    public static bool TryParse(Span<byte> packetBytes, out RtpPacket packet) =>
        TryParse(packetBytes, packetBytes.Length, out packet);

    /// <summary>The packet bytes, header to last padding byte.</summary>
    public readonly Span<byte> Bytes => _buffer[.._length];

    public readonly int Length => _length;

    /// <summary>The size of the underlying buffer: how far operations that grow the packet may go.</summary>
    public readonly int Capacity => _buffer.Length;

    /// <summary>Fixed header, CSRC list and header extension.</summary>
    public readonly int HeaderLength => _headerLength;

    public readonly int PaddingLength => _paddingLength;

    public readonly int PayloadLength => _length - _headerLength - _paddingLength;

    /// <summary>The payload without the padding.</summary>
    public readonly Span<byte> Payload => _buffer.Slice(_headerLength, PayloadLength);

    public readonly int Version => _buffer[0] >> 6;

    public readonly bool HasPadding => (_buffer[0] & PaddingBit) != 0;

    public readonly bool HasExtension => (_buffer[0] & ExtensionBit) != 0;

    public readonly int CsrcCount => _buffer[0] & CsrcCountMask;

    public readonly bool Marker
    {
        get => (_buffer[1] & MarkerBit) != 0;
        set => _buffer[1] = (byte)(value ? _buffer[1] | MarkerBit : _buffer[1] & ~MarkerBit);
    }

    /// <summary>The 7-bit payload type; the setter keeps the marker bit and ignores the value's top bit.</summary>
    public readonly byte PayloadType
    {
        get => (byte)(_buffer[1] & PayloadTypeMask);
        set => _buffer[1] = (byte)((_buffer[1] & MarkerBit) | (value & PayloadTypeMask));
    }

    public readonly ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(2, 2));
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2, 2), value);
    }

    public readonly uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(4, 4));
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(4, 4), value);
    }

    public readonly uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(8, 4));
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(8, 4), value);
    }

    /// <summary>The raw CSRC list, four bytes per contributing source.</summary>
    public readonly Span<byte> CsrcBytes => _buffer.Slice(FixedHeaderLength, 4 * CsrcCount);

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>).</summary>
    public readonly uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(CsrcBytes.Slice(4 * index, 4));

    public readonly void SetCsrc(int index, uint csrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(CsrcBytes.Slice(4 * index, 4), csrc);

    /// <summary>Drops the padding bytes and clears the P bit: the payload stays where it is.</summary>
    public void RemovePadding()
    {
        _buffer[0] = (byte)(_buffer[0] & ~PaddingBit);
        _length -= _paddingLength;
        _paddingLength = 0;
    }
}
