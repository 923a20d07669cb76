using Sfu.Transport.Codecs;

namespace Sfu.Transport.Forwarding;

/// <summary>
/// Keeps a forwarded VP8/VP9 stream's picture id and TL0PICIDX continuous across re-syncs and dropped pictures,
/// and filters temporal layers (PROTOCOL §7.5, R92): pictures above the target temporal layer are dropped, and the
/// forwarded temporal layer rises only at a layer sync picture (VP8 Y bit, VP9 U bit) and falls at the start of a
/// picture. Codecs without these fields pass through untouched.
/// </summary>
public sealed class PictureRewriter
{
    public const int HighestTemporalLayer = 3;

    private readonly SequenceMapper _pictureIds = SequenceMapper.ForPictureIds();
    private readonly SequenceMapper _tl0PicIdx = SequenceMapper.ForTl0PicIdx();
    private bool _syncRequired = true;

    /// <summary>The temporal layer asked for (0..3).</summary>
    public int TargetTemporalLayer { get; set; } = HighestTemporalLayer;

    /// <summary>The temporal layer currently forwarded.</summary>
    public int CurrentTemporalLayer { get; private set; } = HighestTemporalLayer;

    /// <summary>The next processed picture re-bases the numbering (a key frame after a switch or resume).</summary>
    public void RequireSync() => _syncRequired = true;

    /// <summary>
    /// Decides on one packet's picture. On forwarding, gives the output picture id and TL0PICIDX (-1 where the
    /// packet has none); otherwise the reason to drop it, with the picture removed from the numbering.
    /// </summary>
    public DropReason Process(in CodecFrameInfo frame, out int pictureId, out int tl0PicIdx)
    {
        pictureId = -1;
        tl0PicIdx = -1;
        if (_syncRequired)
        {
            if (frame.HasPictureId)
            {
                _pictureIds.Sync((uint)frame.PictureId);
            }

            if (frame.HasTl0PicIdx)
            {
                _tl0PicIdx.Sync((uint)frame.Tl0PicIdx);
            }

            // A key frame references nothing: every temporal layer after it up to the target is decodable.
            CurrentTemporalLayer = TargetTemporalLayer;
            _syncRequired = false;
        }

        if (frame.HasTemporalLayer)
        {
            int temporalLayer = frame.TemporalLayer;
            if (frame.IsStartOfPicture)
            {
                if (CurrentTemporalLayer > TargetTemporalLayer)
                {
                    CurrentTemporalLayer = TargetTemporalLayer;
                }
                else if (temporalLayer > CurrentTemporalLayer && temporalLayer <= TargetTemporalLayer && frame.IsLayerSync)
                {
                    CurrentTemporalLayer = temporalLayer;
                }
            }

            if (temporalLayer > CurrentTemporalLayer)
            {
                if (frame.HasPictureId)
                {
                    _pictureIds.Drop((uint)frame.PictureId);
                }

                return temporalLayer > TargetTemporalLayer ? DropReason.TemporalLayerAboveTarget : DropReason.TemporalLayerNotSynced;
            }
        }

        if (frame.HasPictureId)
        {
            if (!_pictureIds.TryMap((uint)frame.PictureId, out uint mappedPictureId))
            {
                return DropReason.Stale;
            }

            pictureId = (int)mappedPictureId;
        }

        if (frame.HasTl0PicIdx)
        {
            if (!_tl0PicIdx.TryMap((uint)frame.Tl0PicIdx, out uint mappedTl0))
            {
                return DropReason.Stale;
            }

            tl0PicIdx = (int)mappedTl0;
        }

        return DropReason.None;
    }
}
