using Sfu.Transport.Codecs;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Forwarding;

/// <summary>
/// The per-packet logic of a consumer of one stream, audio or non-simulcast video (PROTOCOL §7.4, §7.5, R89, R90):
/// created paused; on resume video waits for a key frame (and says one is needed) while audio resumes on the next
/// packet; sequence numbers continue from the last sent one at every sync, with packets dropped on purpose taken
/// out of the numbering; timestamps unchanged; VP8/VP9 temporal layers above the target dropped.
/// Owned by one media worker thread.
/// </summary>
public sealed class SimpleForwarder
{
    private readonly SequenceMapper _sequenceNumbers;
    private readonly PictureRewriter _pictures = new();
    private readonly ConsumerOutput _output;
    private bool _syncRequired = true;

    public SimpleForwarder(PayloadCodec codec, bool isVideo, ConsumerOutput output, ushort initialSequenceNumber = 0)
    {
        Codec = codec;
        IsVideo = isVideo;
        _output = output;
        _sequenceNumbers = SequenceMapper.ForRtpSequenceNumbers(initialSequenceNumber);
    }

    public PayloadCodec Codec { get; }

    public bool IsVideo { get; }

    /// <summary>Consumers start paused (§7.4); the signalling layer resumes them.</summary>
    public bool IsActive { get; private set; }

    public int TargetTemporalLayer
    {
        get => _pictures.TargetTemporalLayer;
        set => _pictures.TargetTemporalLayer = Math.Clamp(value, 0, PictureRewriter.HighestTemporalLayer);
    }

    public int CurrentTemporalLayer => _pictures.CurrentTemporalLayer;

    /// <summary>Stops forwarding; nothing is sent until <see cref="Resume"/>.</summary>
    public void Pause() => IsActive = false;

    /// <summary>
    /// Starts forwarding again from a fresh sync point. Returns whether a key frame must be requested from the
    /// producer (video, R89).
    /// </summary>
    public bool Resume()
    {
        IsActive = true;
        _syncRequired = true;
        return IsVideo;
    }

    public ForwardDecision Decide(ref RtpPacket packet)
    {
        if (!IsActive)
        {
            return ForwardDecision.Drop(DropReason.Inactive);
        }

        ushort sequenceNumber = packet.SequenceNumber;
        if (packet.PayloadLength == 0)
        {
            _sequenceNumbers.Drop(sequenceNumber);
            return ForwardDecision.Drop(DropReason.EmptyPayload);
        }

        if (!_output.TryMapPayloadType(packet.PayloadType, out _))
        {
            _sequenceNumbers.Drop(sequenceNumber);
            return ForwardDecision.Drop(DropReason.UnsupportedPayloadType);
        }

        if (!CodecPayloads.TryReadFrameInfo(Codec, packet.Payload, out CodecFrameInfo frame))
        {
            _sequenceNumbers.Drop(sequenceNumber);
            return ForwardDecision.Drop(DropReason.MalformedPayload);
        }

        if (_syncRequired)
        {
            if (IsVideo && !frame.IsKeyFrame)
            {
                return ForwardDecision.Drop(DropReason.WaitingForKeyFrame, keyFrameNeeded: true);
            }

            _sequenceNumbers.Sync(sequenceNumber);
            _pictures.RequireSync();
            _syncRequired = false;
        }

        DropReason pictureVerdict = _pictures.Process(frame, out int pictureId, out int tl0PicIdx);
        if (pictureVerdict != DropReason.None)
        {
            _sequenceNumbers.Drop(sequenceNumber);
            return ForwardDecision.Drop(pictureVerdict);
        }

        if (!_sequenceNumbers.TryMap(sequenceNumber, out uint outputSequenceNumber))
        {
            return ForwardDecision.Drop(DropReason.Stale);
        }

        // Simple consumers keep the producer's timestamps (§7.5).
        return ForwardDecision.Forward((ushort)outputSequenceNumber, packet.Timestamp, pictureId, tl0PicIdx);
    }
}
