using Sfu.Transport.Rtp;

namespace Sfu.Transport.Forwarding;

/// <summary>
/// The per-packet logic of one receive track fed by whichever speaker holds the floor (the Beep mode: a client that
/// negotiated one audio track and never renegotiates). Only the selected speaker's packets pass; at each switch the
/// sequence numbers continue from the last one sent and the timestamps are re-based so that they keep advancing
/// with real time (RFC 3550 §5.1), so the receiver sees one stream with a talk-spurt gap, not several interleaved
/// streams. No allocation; owned by one media worker thread.
/// </summary>
public sealed class SpeakerSwitchForwarder(int clockRate, ushort initialSequenceNumber)
{
    /// <summary>The least a timestamp advances at a switch: one 20 ms frame, Opus's default ptime (RFC 7587 §4.2).</summary>
    private const int MinimumAdvanceMs = 20;

    private readonly SequenceMapper _sequenceNumbers = SequenceMapper.ForRtpSequenceNumbers(initialSequenceNumber);
    private bool _syncRequired = true;
    private bool _hasSent;
    private uint _timestampOffset;
    private uint _lastTimestamp;
    private long _lastSentMs;

    /// <summary>The speaker forwarded now; null forwards nothing.</summary>
    public object? Source { get; private set; }

    public void SwitchTo(object? source)
    {
        if (!ReferenceEquals(source, Source))
        {
            Source = source;
            _syncRequired = true;
        }
    }

    public ForwardDecision Decide(ref RtpPacket packet, object source, long nowMs)
    {
        if (Source is null || !ReferenceEquals(source, Source))
        {
            return ForwardDecision.Drop(DropReason.NotSelectedSpeaker);
        }

        ushort sequenceNumber = packet.SequenceNumber;
        if (packet.PayloadLength == 0)
        {
            _sequenceNumbers.Drop(sequenceNumber);
            return ForwardDecision.Drop(DropReason.EmptyPayload);
        }

        if (_syncRequired)
        {
            _sequenceNumbers.Sync(sequenceNumber);
            uint continued = packet.Timestamp;
            if (_hasSent)
            {
                long elapsedMs = Math.Max(MinimumAdvanceMs, nowMs - _lastSentMs);
                continued = unchecked(_lastTimestamp + (uint)(elapsedMs * clockRate / 1000));
            }

            _timestampOffset = unchecked(continued - packet.Timestamp);
            _syncRequired = false;
        }

        if (!_sequenceNumbers.TryMap(sequenceNumber, out uint outputSequenceNumber))
        {
            return ForwardDecision.Drop(DropReason.Stale);
        }

        uint timestamp = unchecked(packet.Timestamp + _timestampOffset);
        if (!_hasSent || RtpTimestamps.IsNewer(timestamp, _lastTimestamp))
        {
            _lastTimestamp = timestamp;
        }

        _lastSentMs = nowMs;
        _hasSent = true;
        return ForwardDecision.Forward((ushort)outputSequenceNumber, timestamp, -1, -1);
    }
}
