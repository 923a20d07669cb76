namespace Sfu.Transport.Codecs;

/// <summary>
/// One entry point per packet for every codec, dispatched by enum rather than through an interface so the
/// per-packet path makes no virtual call.
/// </summary>
public static class CodecPayloads
{
    /// <summary>
    /// Reads what forwarding needs from an RTP payload. False when the payload is malformed for its codec; an
    /// opaque codec accepts any non-empty payload.
    /// </summary>
    public static bool TryReadFrameInfo(PayloadCodec codec, Span<byte> payload, out CodecFrameInfo info)
    {
        info = default;
        switch (codec)
        {
            case PayloadCodec.Vp8:
                if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8))
                {
                    return false;
                }

                info = vp8.ToFrameInfo();
                return true;
            case PayloadCodec.Vp9:
                if (!Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor vp9))
                {
                    return false;
                }

                info = vp9.ToFrameInfo();
                return true;
            case PayloadCodec.H264:
                if (!H264Payload.TryReadNalUnits(payload, out H264NalUnits units))
                {
                    return false;
                }

                info = new CodecFrameInfo(
                    (units & H264NalUnits.SequenceParameterSet) != 0,
                    H264Payload.IsStartOfPicture(payload),
                    CodecFrameInfo.NoLayer,
                    CodecFrameInfo.NoLayer,
                    false,
                    CodecFrameInfo.NoPictureId,
                    CodecFrameInfo.NoTl0PicIdx);
                return true;
            default:
                if (payload.IsEmpty)
                {
                    return false;
                }

                info = CodecFrameInfo.Opaque;
                return true;
        }
    }

    /// <summary>
    /// Writes renumbered picture id and TL0PICIDX into the payload descriptor, each only where the descriptor has
    /// the field (negative values leave the field alone). Codecs without such fields are untouched.
    /// </summary>
    public static void RewritePictureNumbering(PayloadCodec codec, Span<byte> payload, int pictureId, int tl0PicIdx)
    {
        if (codec == PayloadCodec.Vp8 && Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8))
        {
            if (pictureId >= 0)
            {
                vp8.TrySetPictureId(pictureId);
            }

            if (tl0PicIdx >= 0)
            {
                vp8.TrySetTl0PicIdx(tl0PicIdx);
            }
        }
        else if (codec == PayloadCodec.Vp9 && Vp9PayloadDescriptor.TryParse(payload, out Vp9PayloadDescriptor vp9))
        {
            if (pictureId >= 0)
            {
                vp9.TrySetPictureId(pictureId);
            }

            if (tl0PicIdx >= 0)
            {
                vp9.TrySetTl0PicIdx(tl0PicIdx);
            }
        }
    }
}
