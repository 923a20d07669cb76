namespace Sfu.Transport.Codecs;

/// <summary>
/// A view over the VP8 payload descriptor at the start of an RTP payload (RFC 7741 §4.2), with in-place
/// rewriting of the picture id and TL0PICIDX that an SFU renumbers. Parsing is total: any byte sequence either
/// yields a descriptor lying wholly inside the payload, followed by at least one byte of VP8 data, or false.
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (present when M = 1: 15-bit id)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct Vp8PayloadDescriptor
{
    public const int MaxLength = 6;

    private const byte ExtendedControlBit = 0x80;
    private const byte NonReferenceBit = 0x20;
    private const byte StartOfPartitionBit = 0x10;
    private const byte PartitionIndexMask = 0x07;
    private const byte PictureIdBit = 0x80;
    private const byte Tl0PicIdxBit = 0x40;
    private const byte TidBit = 0x20;
    private const byte KeyIdxBit = 0x10;
    private const byte LongPictureIdBit = 0x80;
    private const byte LayerSyncBit = 0x20;

    /// <summary>RFC 6386 §9.1: the three bytes that open every key frame after its frame tag.</summary>
    private const byte StartCode0 = 0x9D;
    private const byte StartCode1 = 0x01;
    private const byte StartCode2 = 0x2A;

    /// <summary>Frame tag (3) + start code (3) + width (2) + height (2), RFC 6386 §9.1.</summary>
    private const int KeyFrameHeaderLength = 10;

    private const int Absent = -1;

    private readonly Span<byte> _payload;
    private readonly int _pictureIdOffset;
    private readonly int _tl0PicIdxOffset;
    private readonly int _tidKeyIdxOffset;

    private Vp8PayloadDescriptor(Span<byte> payload, int length, int pictureIdOffset, int tl0PicIdxOffset, int tidKeyIdxOffset)
    {
        _payload = payload;
        Length = length;
        _pictureIdOffset = pictureIdOffset;
        _tl0PicIdxOffset = tl0PicIdxOffset;
        _tidKeyIdxOffset = tidKeyIdxOffset;
    }

    public static bool TryParse(Span<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        int offset = 1;
        int pictureIdOffset = Absent;
        int tl0PicIdxOffset = Absent;
        int tidKeyIdxOffset = Absent;
        if ((payload[0] & ExtendedControlBit) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte extension = payload[1];
            offset = 2;
            if ((extension & PictureIdBit) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                pictureIdOffset = offset;
                offset += (payload[offset] & LongPictureIdBit) != 0 ? 2 : 1;
            }

            if ((extension & Tl0PicIdxBit) != 0)
            {
                tl0PicIdxOffset = offset;
                offset++;
            }

            // §4.2: one byte holds TID/Y and KEYIDX; it is present when either T or K is set.
            if ((extension & (TidBit | KeyIdxBit)) != 0)
            {
                tidKeyIdxOffset = offset;
                offset++;
            }
        }

        // A descriptor with no VP8 data behind it carries nothing to forward.
        if (offset >= payload.Length)
        {
            return false;
        }

        descriptor = new Vp8PayloadDescriptor(payload, offset, pictureIdOffset, tl0PicIdxOffset, tidKeyIdxOffset);
        return true;
    }

    /// <summary>Bytes the descriptor takes at the start of the payload.</summary>
    public int Length { get; }

    /// <summary>The VP8 data after the descriptor.</summary>
    public Span<byte> Vp8Data => _payload[Length..];

    public bool HasExtendedControl => (_payload[0] & ExtendedControlBit) != 0;

    /// <summary>N: the frame can be discarded without affecting any other frame.</summary>
    public bool IsNonReference => (_payload[0] & NonReferenceBit) != 0;

    /// <summary>S: the packet starts a VP8 partition.</summary>
    public bool IsStartOfPartition => (_payload[0] & StartOfPartitionBit) != 0;

    public int PartitionIndex => _payload[0] & PartitionIndexMask;

    /// <summary>S = 1 and PID = 0: the packet starts a frame (§4.2).</summary>
    public bool IsStartOfFrame => IsStartOfPartition && PartitionIndex == 0;

    public bool HasPictureId => _pictureIdOffset != Absent;

    /// <summary>M: the picture id is 15 bits wide (else 7).</summary>
    public bool HasLongPictureId => HasPictureId && (_payload[_pictureIdOffset] & LongPictureIdBit) != 0;

    /// <summary>The picture id, or -1 when absent.</summary>
    public int PictureId => !HasPictureId ? Absent
        : HasLongPictureId ? ((_payload[_pictureIdOffset] & 0x7F) << 8) | _payload[_pictureIdOffset + 1]
        : _payload[_pictureIdOffset] & 0x7F;

    public bool HasTl0PicIdx => _tl0PicIdxOffset != Absent;

    /// <summary>The temporal level zero index, or -1 when absent.</summary>
    public int Tl0PicIdx => HasTl0PicIdx ? _payload[_tl0PicIdxOffset] : Absent;

    public bool HasTemporalLayerId => HasExtendedControl && (_payload[1] & TidBit) != 0;

    /// <summary>TID, or -1 when the T bit is clear.</summary>
    public int TemporalLayerId => HasTemporalLayerId ? _payload[_tidKeyIdxOffset] >> 6 : Absent;

    /// <summary>Y: the frame depends only on the base layer (meaningful only with T).</summary>
    public bool IsLayerSync => HasTemporalLayerId && (_payload[_tidKeyIdxOffset] & LayerSyncBit) != 0;

    public bool HasKeyIndex => HasExtendedControl && (_payload[1] & KeyIdxBit) != 0;

    /// <summary>KEYIDX, or -1 when the K bit is clear.</summary>
    public int KeyIndex => HasKeyIndex ? _payload[_tidKeyIdxOffset] & 0x1F : Absent;

    /// <summary>
    /// The first packet of a key frame: start of partition 0 and the inverse key frame bit P of the VP8 payload
    /// header clear (RFC 7741 §4.3, §4.2 "S" and "PID").
    /// </summary>
    public bool IsKeyFrame => IsStartOfFrame && (_payload[Length] & 0x01) == 0;

    /// <summary>
    /// The picture size from a key frame's uncompressed header (RFC 6386 §9.1: 14-bit width and height after the
    /// start code, the top two bits being scaling). False unless this packet starts a key frame with a valid
    /// start code.
    /// </summary>
    public bool TryGetKeyFrameSize(out int width, out int height)
    {
        width = 0;
        height = 0;
        Span<byte> data = Vp8Data;
        if (!IsKeyFrame || data.Length < KeyFrameHeaderLength
            || data[3] != StartCode0 || data[4] != StartCode1 || data[5] != StartCode2)
        {
            return false;
        }

        width = (data[6] | (data[7] << 8)) & 0x3FFF;
        height = (data[8] | (data[9] << 8)) & 0x3FFF;
        return true;
    }

    /// <summary>Writes a picture id in place, keeping the field's width (7 or 15 bits, the value is truncated).</summary>
    public bool TrySetPictureId(int pictureId)
    {
        if (!HasPictureId)
        {
            return false;
        }

        if (HasLongPictureId)
        {
            _payload[_pictureIdOffset] = (byte)(LongPictureIdBit | ((pictureId >> 8) & 0x7F));
            _payload[_pictureIdOffset + 1] = (byte)pictureId;
        }
        else
        {
            _payload[_pictureIdOffset] = (byte)(pictureId & 0x7F);
        }

        return true;
    }

    public bool TrySetTl0PicIdx(int tl0PicIdx)
    {
        if (!HasTl0PicIdx)
        {
            return false;
        }

        _payload[_tl0PicIdxOffset] = (byte)tl0PicIdx;
        return true;
    }

    public CodecFrameInfo ToFrameInfo() =>
        new(IsKeyFrame, IsStartOfFrame, CodecFrameInfo.NoLayer, TemporalLayerId, IsLayerSync, PictureId, Tl0PicIdx);
}
