using System.Buffers.Binary;

namespace Sfu.Transport.Rtp;

/// <summary>
/// Builds an RTP packet front to back into a caller's buffer: fixed header, then CSRCs, then header extension
/// elements, then payload and padding (RFC 3550 §5.1, RFC 8285). Extensions use the one-byte form until an
/// element needs the two-byte form, at which point the elements already written are re-encoded. Every step
/// returns false, without throwing, when the buffer is too small or the step comes out of order.
/// </summary>
public ref struct RtpPacketWriter
{
    private const int MaxCsrcCount = 15;
    private const int NoExtension = -1;

    private readonly Span<byte> _destination;
    private readonly bool _headerWritten;
    private int _csrcCount;
    private int _extensionStart;
    private int _extensionBodyLength;
    private ushort _rawProfile;
    private RtpHeaderExtensionForm _form;

    public RtpPacketWriter(Span<byte> destination, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, bool marker = false)
    {
        _destination = destination;
        _extensionStart = NoExtension;
        _headerWritten = destination.Length >= RtpPacket.FixedHeaderLength;
        if (!_headerWritten)
        {
            return;
        }

        destination[0] = RtpPacket.Version2 << 6;
        destination[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
    }

    private readonly int CsrcEnd => RtpPacket.FixedHeaderLength + 4 * _csrcCount;

    private readonly int ExtensionBodyStart => _extensionStart + 4;

    /// <summary>Appends a contributing source; only before any header extension.</summary>
    public bool TryAddCsrc(uint csrc)
    {
        if (!_headerWritten || _extensionStart != NoExtension || _csrcCount == MaxCsrcCount || CsrcEnd + 4 > _destination.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_destination[CsrcEnd..], csrc);
        _csrcCount++;
        return true;
    }

    /// <summary>Appends a header extension element (id 1..255, value of at most 255 bytes).</summary>
    public bool TryAddExtension(byte id, scoped ReadOnlySpan<byte> value)
    {
        if (!_headerWritten || _form == RtpHeaderExtensionForm.Unknown
            || !RtpHeaderExtensionElements.Fits(RtpHeaderExtensionForm.TwoByte, id, value.Length))
        {
            return false;
        }

        if (_extensionStart == NoExtension)
        {
            if (CsrcEnd + 4 > _destination.Length)
            {
                return false;
            }

            _extensionStart = CsrcEnd;
            _extensionBodyLength = 0;
            _form = RtpHeaderExtensionElements.PreferredForm(id, value.Length);
        }

        Span<byte> room = _destination[ExtensionBodyStart..];
        if (RtpHeaderExtensionElements.Fits(_form, id, value.Length))
        {
            if (_extensionBodyLength + RtpHeaderExtensionElements.ElementHeaderLength(_form) + value.Length > room.Length)
            {
                return false;
            }

            _extensionBodyLength += RtpHeaderExtensionElements.WriteElement(room[_extensionBodyLength..], _form, id, value);
            return true;
        }

        // A one-byte block meets an element it cannot carry: re-encode what is there in the two-byte form.
        ReadOnlySpan<byte> body = room[.._extensionBodyLength];
        int convertedLength = RtpHeaderExtensionElements.EncodedLength(body, _form, RtpHeaderExtensionForm.TwoByte, excludedId: 0);
        if (convertedLength + 2 + value.Length > room.Length)
        {
            return false;
        }

        _extensionBodyLength = RtpHeaderExtensionElements.ConvertOneByteToTwoByte(room, _extensionBodyLength);
        _form = RtpHeaderExtensionForm.TwoByte;
        _extensionBodyLength += RtpHeaderExtensionElements.WriteElement(room[_extensionBodyLength..], _form, id, value);
        return true;
    }

    /// <summary>
    /// Writes a header extension of any profile as raw words (RFC 3550 §5.3.1); the body length must be a
    /// multiple of 4. Only when no extension element was added.
    /// </summary>
    public bool TrySetRawExtension(ushort profile, scoped ReadOnlySpan<byte> body)
    {
        if (!_headerWritten || _extensionStart != NoExtension || body.Length % 4 != 0 || body.Length / 4 > ushort.MaxValue
            || CsrcEnd + 4 + body.Length > _destination.Length)
        {
            return false;
        }

        _extensionStart = CsrcEnd;
        _form = RtpHeaderExtensionForm.Unknown;
        _rawProfile = profile;
        body.CopyTo(_destination[ExtensionBodyStart..]);
        _extensionBodyLength = body.Length;
        return true;
    }

    /// <summary>
    /// Closes the header, appends the payload and <paramref name="paddingLength"/> padding bytes (0..255, the
    /// last one holding the count), and gives the packet's length.
    /// </summary>
    public readonly bool TryFinish(scoped ReadOnlySpan<byte> payload, int paddingLength, out int length)
    {
        length = 0;
        if (!_headerWritten || paddingLength is < 0 or > 255)
        {
            return false;
        }

        int headerLength = CsrcEnd;
        if (_extensionStart != NoExtension)
        {
            int paddedBody = RtpHeaderExtensionElements.AlignTo4(_extensionBodyLength);
            if (ExtensionBodyStart + paddedBody > _destination.Length || paddedBody / 4 > ushort.MaxValue)
            {
                return false;
            }

            _destination.Slice(ExtensionBodyStart + _extensionBodyLength, paddedBody - _extensionBodyLength).Clear();
            ushort profile = _form switch
            {
                RtpHeaderExtensionForm.OneByte => RtpHeaderExtensionElements.OneByteProfile,
                RtpHeaderExtensionForm.TwoByte => RtpHeaderExtensionElements.TwoByteProfile,
                _ => _rawProfile,
            };
            BinaryPrimitives.WriteUInt16BigEndian(_destination[_extensionStart..], profile);
            BinaryPrimitives.WriteUInt16BigEndian(_destination[(_extensionStart + 2)..], (ushort)(paddedBody / 4));
            headerLength = ExtensionBodyStart + paddedBody;
        }

        int total = headerLength + payload.Length + paddingLength;
        if (total > _destination.Length)
        {
            return false;
        }

        payload.CopyTo(_destination[headerLength..]);
        if (paddingLength > 0)
        {
            Span<byte> padding = _destination.Slice(headerLength + payload.Length, paddingLength);
            padding.Clear();
            padding[^1] = (byte)paddingLength;
        }

        _destination[0] = (byte)((RtpPacket.Version2 << 6)
            | (paddingLength > 0 ? 0x20 : 0)
            | (_extensionStart != NoExtension ? 0x10 : 0)
            | _csrcCount);
        length = total;
        return true;
    }
}
