using Sfu.Transport.Codecs;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Forwarding;

/// <summary>
/// The per-packet logic of a consumer of a simulcast producer (PROTOCOL §7.4, §7.5, R89–R92): one spatial layer
/// (encoding) is forwarded at a time; a switch to the target layer, up or down, happens only on a key frame of
/// that layer, with the output sequence continuing (one number skipped when the last frame sent was unfinished)
/// and the output timestamp kept monotonic and aligned through the layers' Sender Reports; temporal layers above
/// the target are dropped; picture numbering stays continuous. Owned by one media worker thread.
/// </summary>
public sealed class SimulcastForwarder
{
    private const int NoLayer = -1;

    private readonly SequenceMapper _sequenceNumbers;
    private readonly PictureRewriter _pictures = new();
    private readonly ConsumerOutput _output;
    private readonly uint _minimumStepTicks;
    private readonly uint _maximumCorrectionTicks;
    private int _referenceLayer = NoLayer;
    private uint _timestampOffset;
    private uint _highestSentTimestamp;
    private bool _hasSent;
    private bool _lastSentHadMarker;
    private bool _timestampRetryUsed;

    public SimulcastForwarder(PayloadCodec codec, int spatialLayerCount, int clockRate, ConsumerOutput output, ushort initialSequenceNumber = 0)
    {
        if (spatialLayerCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(spatialLayerCount), spatialLayerCount, "A producer has at least one layer.");
        }

        Codec = codec;
        SpatialLayerCount = spatialLayerCount;
        ClockRate = clockRate;
        _output = output;
        _sequenceNumbers = SequenceMapper.ForRtpSequenceNumbers(initialSequenceNumber);
        _minimumStepTicks = TimestampAlignment.Ticks(TimestampAlignment.MinimumStepMilliseconds, clockRate);
        _maximumCorrectionTicks = TimestampAlignment.Ticks(TimestampAlignment.MaximumCorrectionMilliseconds, clockRate);
        TargetSpatialLayer = spatialLayerCount - 1;
    }

    public PayloadCodec Codec { get; }

    public int SpatialLayerCount { get; }

    public int ClockRate { get; }

    public bool IsActive { get; private set; }

    /// <summary>The layer being forwarded, or -1 while waiting for a key frame to (re)start.</summary>
    public int CurrentSpatialLayer { get; private set; } = NoLayer;

    public int TargetSpatialLayer { get; private set; }

    public int TargetTemporalLayer => _pictures.TargetTemporalLayer;

    public int CurrentTemporalLayer => _pictures.CurrentTemporalLayer;

    /// <summary>The layer whose clock the output timestamps follow: the first one ever forwarded.</summary>
    public int TimestampReferenceLayer => _referenceLayer;

    /// <summary>A switch is pending: the target layer's next key frame is awaited.</summary>
    public bool IsSwitching => CurrentSpatialLayer != TargetSpatialLayer;

    public void Pause() => IsActive = false;

    /// <summary>
    /// Starts forwarding again: nothing goes out before a key frame of the target layer (R89). Returns the layer
    /// to request a key frame from.
    /// </summary>
    public int Resume()
    {
        IsActive = true;
        CurrentSpatialLayer = NoLayer;
        return TargetSpatialLayer;
    }

    /// <summary>
    /// Chooses the layers to forward. Returns whether a key frame of the new spatial layer must be requested: a
    /// spatial switch waits for one; a temporal change does not (it happens at the next layer sync picture).
    /// </summary>
    public bool SetTargetLayers(int spatialLayer, int temporalLayer)
    {
        TargetSpatialLayer = Math.Clamp(spatialLayer, 0, SpatialLayerCount - 1);
        _pictures.TargetTemporalLayer = Math.Clamp(temporalLayer, 0, PictureRewriter.HighestTemporalLayer);
        return IsActive && IsSwitching;
    }

    /// <summary>
    /// Decides on one packet of the producer's layer <paramref name="spatialLayer"/>. <paramref name="layerClocks"/>
    /// holds each layer's latest Sender Report mapping (indexed by layer), which aligns timestamps at a switch.
    /// </summary>
    public ForwardDecision Decide(ref RtpPacket packet, int spatialLayer, ReadOnlySpan<SenderReportClock> layerClocks)
    {
        if (!IsActive)
        {
            return ForwardDecision.Drop(DropReason.Inactive);
        }

        bool isCurrent = spatialLayer == CurrentSpatialLayer;
        ushort sequenceNumber = packet.SequenceNumber;
        if (packet.PayloadLength == 0)
        {
            return DropFromNumbering(isCurrent, sequenceNumber, DropReason.EmptyPayload);
        }

        if (!_output.TryMapPayloadType(packet.PayloadType, out _))
        {
            return DropFromNumbering(isCurrent, sequenceNumber, DropReason.UnsupportedPayloadType);
        }

        if (!CodecPayloads.TryReadFrameInfo(Codec, packet.Payload, out CodecFrameInfo frame))
        {
            return DropFromNumbering(isCurrent, sequenceNumber, DropReason.MalformedPayload);
        }

        if (!isCurrent)
        {
            DropReason switchVerdict = TrySwitch(packet, spatialLayer, frame, layerClocks);
            if (switchVerdict != DropReason.None)
            {
                return ForwardDecision.Drop(switchVerdict, IsSwitching, TargetSpatialLayer);
            }
        }

        DropReason pictureVerdict = _pictures.Process(frame, out int pictureId, out int tl0PicIdx);
        if (pictureVerdict != DropReason.None)
        {
            return DropFromNumbering(true, sequenceNumber, pictureVerdict);
        }

        if (!_sequenceNumbers.TryMap(sequenceNumber, out uint outputSequenceNumber))
        {
            return ForwardDecision.Drop(DropReason.Stale);
        }

        uint outputTimestamp = unchecked(packet.Timestamp - _timestampOffset);
        if (!_hasSent || RtpTimestamps.IsNewer(outputTimestamp, _highestSentTimestamp))
        {
            _highestSentTimestamp = outputTimestamp;
        }

        if (outputSequenceNumber == _sequenceNumbers.MaxOutput)
        {
            _lastSentHadMarker = packet.Marker;
        }

        _hasSent = true;
        return ForwardDecision.Forward((ushort)outputSequenceNumber, outputTimestamp, pictureId, tl0PicIdx, IsSwitching, TargetSpatialLayer);
    }

    /// <summary>
    /// A packet of another layer than the one forwarded: it starts forwarding that layer only if it is the first
    /// packet of a key frame of the target layer whose clock can be aligned.
    /// </summary>
    private DropReason TrySwitch(in RtpPacket packet, int spatialLayer, in CodecFrameInfo frame, ReadOnlySpan<SenderReportClock> layerClocks)
    {
        if (spatialLayer != TargetSpatialLayer || !frame.IsKeyFrame)
        {
            return CurrentSpatialLayer == NoLayer ? DropReason.WaitingForKeyFrame : DropReason.NotCurrentSpatialLayer;
        }

        uint offset = 0;
        if (_referenceLayer != NoLayer && spatialLayer != _referenceLayer)
        {
            // §7.5: a layer without a Sender Report cannot be put on the reference layer's clock yet.
            if (_referenceLayer >= layerClocks.Length || spatialLayer >= layerClocks.Length
                || !layerClocks[_referenceLayer].IsKnown || !layerClocks[spatialLayer].IsKnown)
            {
                return DropReason.NoSenderReportForLayer;
            }

            offset = TimestampAlignment.OffsetBetween(layerClocks[_referenceLayer], layerClocks[spatialLayer], ClockRate);
        }

        if (_hasSent)
        {
            uint output = unchecked(packet.Timestamp - offset);
            if (!RtpTimestamps.IsNewer(output, _highestSentTimestamp))
            {
                // The key frame would not move the output clock forward: push it one frame ahead of what was sent.
                uint behind = unchecked(_highestSentTimestamp - output);
                uint correction = behind + _minimumStepTicks;
                if (correction > _maximumCorrectionTicks)
                {
                    if (!_timestampRetryUsed)
                    {
                        _timestampRetryUsed = true;
                        return DropReason.TimestampGapTooLarge;
                    }

                    // Second time: accept the key frame right after the highest timestamp sent, keeping R91's monotonic clock.
                    correction = behind + 1;
                }

                offset = unchecked(offset - correction);
            }
        }

        // §7.5: if the last frame sent was unfinished, leave a hole so the receiver knows it is incomplete.
        int skip = _hasSent && !_lastSentHadMarker ? 1 : 0;
        _sequenceNumbers.Sync(packet.SequenceNumber, skip);
        _pictures.RequireSync();
        _timestampOffset = offset;
        _timestampRetryUsed = false;
        if (_referenceLayer == NoLayer)
        {
            _referenceLayer = spatialLayer;
        }

        CurrentSpatialLayer = spatialLayer;
        return DropReason.None;
    }

    private ForwardDecision DropFromNumbering(bool isCurrent, ushort sequenceNumber, DropReason reason)
    {
        if (isCurrent)
        {
            _sequenceNumbers.Drop(sequenceNumber);
        }

        return ForwardDecision.Drop(reason);
    }
}
