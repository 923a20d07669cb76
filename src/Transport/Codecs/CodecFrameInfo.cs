namespace Sfu.Transport.Codecs;

/// <summary>
/// What the forwarding decision needs to know about one packet's payload, whatever the codec: whether it starts
/// a decodable key frame, which layers it belongs to, and the picture numbering it carries.
/// </summary>
public readonly struct CodecFrameInfo
{
    public const int NoLayer = -1;
    public const int NoPictureId = -1;
    public const int NoTl0PicIdx = -1;

    public CodecFrameInfo(
        bool isKeyFrame,
        bool isStartOfPicture,
        int spatialLayer,
        int temporalLayer,
        bool isLayerSync,
        int pictureId,
        int tl0PicIdx)
    {
        IsKeyFrame = isKeyFrame;
        IsStartOfPicture = isStartOfPicture;
        SpatialLayer = spatialLayer;
        TemporalLayer = temporalLayer;
        IsLayerSync = isLayerSync;
        PictureId = pictureId;
        Tl0PicIdx = tl0PicIdx;
    }

    /// <summary>An opaque frame: every packet is independently decodable, no layers, no picture numbering.</summary>
    public static CodecFrameInfo Opaque => new(true, true, NoLayer, NoLayer, false, NoPictureId, NoTl0PicIdx);

    /// <summary>The packet begins a frame a decoder can start from (and, for H264, carries its parameter sets).</summary>
    public bool IsKeyFrame { get; }

    /// <summary>The packet carries the first bytes of a picture; temporal layer changes happen only here.</summary>
    public bool IsStartOfPicture { get; }

    /// <summary>The spatial layer inside the payload (VP9 SVC), or <see cref="NoLayer"/>.</summary>
    public int SpatialLayer { get; }

    /// <summary>The temporal layer id (VP8/VP9 TID), or <see cref="NoLayer"/> when the payload does not say.</summary>
    public int TemporalLayer { get; }

    /// <summary>VP8 Y / VP9 U bit: the frame depends only on the base temporal layer, so forwarding may move up to it.</summary>
    public bool IsLayerSync { get; }

    /// <summary>The 7- or 15-bit picture id, or <see cref="NoPictureId"/>.</summary>
    public int PictureId { get; }

    /// <summary>The 8-bit temporal-level-zero index, or <see cref="NoTl0PicIdx"/>.</summary>
    public int Tl0PicIdx { get; }

    public bool HasTemporalLayer => TemporalLayer != NoLayer;

    public bool HasPictureId => PictureId != NoPictureId;

    public bool HasTl0PicIdx => Tl0PicIdx != NoTl0PicIdx;
}
