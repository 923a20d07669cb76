namespace Sfu.Transport.Codecs;

/// <summary>
/// A view over the VP9 payload descriptor (RFC 9628 §4.2, formerly draft-ietf-payload-vp9), flexible and
/// non-flexible modes, with in-place rewriting of the picture id and TL0PICIDX. Parsing is total: the descriptor,
/// including a scalability structure, lies wholly inside the payload with at least one byte of VP9 data after it,
/// or the parse fails.
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (REQUIRED in flexible mode)
///      +-+-+-+-+-+-+-+-+
/// M:   | EXTENDED PID  |
///      +-+-+-+-+-+-+-+-+
/// L:   | TID |U| SID |D|
///      +-+-+-+-+-+-+-+-+
///      |   TL0PICIDX   | (non-flexible mode only: L = 1, F = 0)
///      +-+-+-+-+-+-+-+-+
/// P,F: | P_DIFF      |N| (up to 3 times, flexible mode)
///      +-+-+-+-+-+-+-+-+
/// V:   | SS            | (scalability structure, §4.2.1)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly ref struct Vp9PayloadDescriptor
{
    private const byte PictureIdBit = 0x80;
    private const byte InterPictureBit = 0x40;
    private const byte LayerIndicesBit = 0x20;
    private const byte FlexibleModeBit = 0x10;
    private const byte BeginningOfFrameBit = 0x08;
    private const byte EndOfFrameBit = 0x04;
    private const byte ScalabilityStructureBit = 0x02;
    private const byte NotReferenceForUpperSpatialBit = 0x01;
    private const byte LongPictureIdBit = 0x80;
    private const int MaxReferenceIndices = 3;
    private const int Absent = -1;

    private readonly Span<byte> _payload;
    private readonly int _pictureIdOffset;
    private readonly int _layerIndicesOffset;
    private readonly int _tl0PicIdxOffset;

    private Vp9PayloadDescriptor(Span<byte> payload, int length, int pictureIdOffset, int layerIndicesOffset, int tl0PicIdxOffset, int spatialLayerCount)
    {
        _payload = payload;
        Length = length;
        _pictureIdOffset = pictureIdOffset;
        _layerIndicesOffset = layerIndicesOffset;
        _tl0PicIdxOffset = tl0PicIdxOffset;
        ScalabilitySpatialLayerCount = spatialLayerCount;
    }

    public static bool TryParse(Span<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        byte first = payload[0];
        int offset = 1;
        int pictureIdOffset = Absent;
        int layerIndicesOffset = Absent;
        int tl0PicIdxOffset = Absent;
        int spatialLayerCount = 0;
        bool flexible = (first & FlexibleModeBit) != 0;

        if ((first & PictureIdBit) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            pictureIdOffset = offset;
            offset += (payload[offset] & LongPictureIdBit) != 0 ? 2 : 1;
        }

        if ((first & LayerIndicesBit) != 0)
        {
            layerIndicesOffset = offset;
            offset++;
            if (!flexible)
            {
                tl0PicIdxOffset = offset;
                offset++;
            }
        }

        if (flexible && (first & InterPictureBit) != 0)
        {
            // §4.2: each reference index byte ends in N, "another P_DIFF follows"; at most three references.
            int references = 0;
            bool more = true;
            while (more)
            {
                if (offset >= payload.Length || references == MaxReferenceIndices)
                {
                    return false;
                }

                more = (payload[offset] & 0x01) != 0;
                offset++;
                references++;
            }
        }

        if ((first & ScalabilityStructureBit) != 0 && !TrySkipScalabilityStructure(payload, ref offset, out spatialLayerCount))
        {
            return false;
        }

        if (offset >= payload.Length)
        {
            return false;
        }

        descriptor = new Vp9PayloadDescriptor(payload, offset, pictureIdOffset, layerIndicesOffset, tl0PicIdxOffset, spatialLayerCount);
        return true;
    }

    /// <summary>§4.2.1: N_S|Y|G, optional sizes per spatial layer, optional picture group description.</summary>
    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int offset, out int spatialLayerCount)
    {
        spatialLayerCount = 0;
        if (offset >= payload.Length)
        {
            return false;
        }

        byte header = payload[offset++];
        spatialLayerCount = (header >> 5) + 1;
        if ((header & 0x10) != 0)
        {
            offset += 4 * spatialLayerCount;
        }

        if ((header & 0x08) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            int pictureGroupCount = payload[offset++];
            for (int i = 0; i < pictureGroupCount; i++)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                int referenceCount = (payload[offset] >> 2) & 0x03;
                offset += 1 + referenceCount;
            }
        }

        return offset <= payload.Length;
    }

    public int Length { get; }

    public Span<byte> Vp9Data => _payload[Length..];

    /// <summary>P: the picture uses inter-picture prediction.</summary>
    public bool IsInterPicture => (_payload[0] & InterPictureBit) != 0;

    public bool IsFlexibleMode => (_payload[0] & FlexibleModeBit) != 0;

    /// <summary>B: the packet starts a frame of one spatial layer.</summary>
    public bool IsBeginningOfFrame => (_payload[0] & BeginningOfFrameBit) != 0;

    /// <summary>E: the packet ends a frame of one spatial layer.</summary>
    public bool IsEndOfFrame => (_payload[0] & EndOfFrameBit) != 0;

    public bool HasScalabilityStructure => (_payload[0] & ScalabilityStructureBit) != 0;

    /// <summary>Z: the frame is not used as reference by upper spatial layers.</summary>
    public bool IsNotReferenceForUpperSpatialLayers => (_payload[0] & NotReferenceForUpperSpatialBit) != 0;

    /// <summary>N_S + 1 from the scalability structure, or 0 without one.</summary>
    public int ScalabilitySpatialLayerCount { get; }

    public bool HasPictureId => _pictureIdOffset != Absent;

    public bool HasLongPictureId => HasPictureId && (_payload[_pictureIdOffset] & LongPictureIdBit) != 0;

    public int PictureId => !HasPictureId ? Absent
        : HasLongPictureId ? ((_payload[_pictureIdOffset] & 0x7F) << 8) | _payload[_pictureIdOffset + 1]
        : _payload[_pictureIdOffset] & 0x7F;

    public bool HasLayerIndices => _layerIndicesOffset != Absent;

    /// <summary>TID, or -1 without layer indices.</summary>
    public int TemporalLayerId => HasLayerIndices ? _payload[_layerIndicesOffset] >> 5 : Absent;

    /// <summary>U: switching up to this temporal layer is possible here.</summary>
    public bool IsSwitchingUpPoint => HasLayerIndices && (_payload[_layerIndicesOffset] & 0x10) != 0;

    /// <summary>SID; 0 without layer indices (a single spatial layer).</summary>
    public int SpatialLayerId => HasLayerIndices ? (_payload[_layerIndicesOffset] >> 1) & 0x07 : 0;

    /// <summary>D: the frame depends on the spatial layer below it.</summary>
    public bool IsInterLayerDependent => HasLayerIndices && (_payload[_layerIndicesOffset] & 0x01) != 0;

    public bool HasTl0PicIdx => _tl0PicIdxOffset != Absent;

    public int Tl0PicIdx => HasTl0PicIdx ? _payload[_tl0PicIdxOffset] : Absent;

    /// <summary>
    /// The first packet of a picture a decoder can start from: no inter-picture prediction, beginning of a frame,
    /// and the lowest spatial layer (§4.2 "P", "B", "SID").
    /// </summary>
    public bool IsKeyFrame => !IsInterPicture && IsBeginningOfFrame && SpatialLayerId == 0;

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

    /// <summary>A picture starts with the beginning of the frame of its lowest spatial layer.</summary>
    public CodecFrameInfo ToFrameInfo() => new(
        IsKeyFrame,
        IsBeginningOfFrame && SpatialLayerId == 0,
        HasLayerIndices ? SpatialLayerId : CodecFrameInfo.NoLayer,
        TemporalLayerId,
        IsSwitchingUpPoint,
        PictureId,
        Tl0PicIdx);
}
