namespace Sfu.Transport.Codecs;

/// <summary>
/// Writes a VP8 payload descriptor (RFC 7741 §4.2) from its fields: the smallest form that carries them, the
/// extension byte only when an optional field is present.
/// </summary>
public static class Vp8PayloadDescriptorWriter
{
    /// <param name="pictureId">-1 for none; values above 127 need <paramref name="longPictureId"/>.</param>
    /// <param name="tl0PicIdx">-1 for none.</param>
    /// <param name="temporalLayerId">-1 for none (T clear), else 0..3.</param>
    /// <param name="keyIndex">-1 for none (K clear), else 0..31.</param>
    public static bool TryWrite(
        Span<byte> destination,
        bool startOfPartition,
        int partitionIndex,
        bool nonReference,
        int pictureId,
        bool longPictureId,
        int tl0PicIdx,
        int temporalLayerId,
        bool layerSync,
        int keyIndex,
        out int length)
    {
        length = 0;
        bool hasPictureId = pictureId >= 0;
        bool hasTl0 = tl0PicIdx >= 0;
        bool hasTid = temporalLayerId >= 0;
        bool hasKeyIdx = keyIndex >= 0;
        if (partitionIndex is < 0 or > 7 || pictureId > (longPictureId ? 0x7FFF : 0x7F) || tl0PicIdx > 0xFF
            || temporalLayerId > 3 || keyIndex > 0x1F)
        {
            return false;
        }

        bool extended = hasPictureId || hasTl0 || hasTid || hasKeyIdx;
        int needed = 1 + (extended ? 1 : 0) + (hasPictureId ? (longPictureId ? 2 : 1) : 0) + (hasTl0 ? 1 : 0)
            + (hasTid || hasKeyIdx ? 1 : 0);
        if (destination.Length < needed)
        {
            return false;
        }

        destination[0] = (byte)((extended ? 0x80 : 0) | (nonReference ? 0x20 : 0) | (startOfPartition ? 0x10 : 0) | partitionIndex);
        int offset = 1;
        if (extended)
        {
            destination[offset++] = (byte)((hasPictureId ? 0x80 : 0) | (hasTl0 ? 0x40 : 0) | (hasTid ? 0x20 : 0) | (hasKeyIdx ? 0x10 : 0));
        }

        if (hasPictureId)
        {
            if (longPictureId)
            {
                destination[offset++] = (byte)(0x80 | (pictureId >> 8));
            }

            destination[offset++] = (byte)(longPictureId ? pictureId & 0xFF : pictureId);
        }

        if (hasTl0)
        {
            destination[offset++] = (byte)tl0PicIdx;
        }

        if (hasTid || hasKeyIdx)
        {
            destination[offset++] = (byte)(((hasTid ? temporalLayerId : 0) << 6) | (hasTid && layerSync ? 0x20 : 0) | (hasKeyIdx ? keyIndex : 0));
        }

        length = offset;
        return true;
    }
}
