using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Receive-side generic NACK generation (RFC 4585 §6.2.1) for one incoming stream, with mediasoup's timing
/// (PROTOCOL.md §7.2, R86). A gap in sequence numbers puts the missing numbers on a list; each is requested
/// once it is <see cref="NackGeneratorSettings.FirstRequestDelayMs"/> old (checked on every packet and on the
/// timer), then again every RTT until it arrives or has been requested
/// <see cref="NackGeneratorSettings.MaxRequests"/> times. When more packets are missing than the list holds,
/// the list is cut back to the most recent key frame, or emptied and a key frame requested.
/// Everything lives in arrays that only grow while the stream warms up: the missing list from a few slots, the key-frame
/// list at the first key frame (an audio stream never has one) and the recovered list at the first retransmission
/// (a stream that loses nothing never gets one). Callers pass the time in milliseconds.
/// </summary>
public sealed class NackGenerator
{
    private const int KeyFrameCapacity = 128;
    private const int RecoveredCapacity = 64;
    private const long NeverSent = long.MinValue;

    private readonly NackGeneratorSettings _settings;
    /// <summary>Missing-packet slots a new stream starts with; most streams never lose more at once.</summary>
    private const int InitialMissingCapacity = 32;

    private MissingPacket[] _missing;
    private long[] _keyFrames = [];
    private long[] _recovered = [];
    private RtcpNackItem[] _items;
    private SequenceNumberUnwrapper _unwrapper;
    private int _missingCount;
    private int _keyFrameCount;
    private int _recoveredCount;
    private int _recoveredNext;
    private int _itemCount;
    private int _rttMs;

    public NackGenerator(NackGeneratorSettings? settings = null)
    {
        _settings = settings ?? NackGeneratorSettings.Default;
        // Grown on demand up to MaxMissingPackets: a producer stream holds little until its sender actually loses.
        _missing = new MissingPacket[Math.Min(InitialMissingCapacity, _settings.MaxMissingPackets)];
        _items = new RtcpNackItem[_missing.Length];
        _rttMs = _settings.DefaultRttMs;
    }

    /// <summary>The round-trip time spacing repeated requests; zero or less restores the default.</summary>
    public int RttMs
    {
        get => _rttMs;
        set => _rttMs = value > 0 ? value : _settings.DefaultRttMs;
    }

    /// <summary>How many packets are currently missing.</summary>
    public int MissingCount => _missingCount;

    /// <summary>Key-frame slots allocated: 0 until the first key frame, then a fixed list.</summary>
    public int KeyFrameSlots => _keyFrames.Length;

    /// <summary>Recovered-packet slots allocated: 0 until the first retransmission, then a fixed ring.</summary>
    public int RecoveredSlots => _recovered.Length;

    /// <summary>Whether the owner should keep calling <see cref="OnTimer"/>.</summary>
    public bool NeedsTimer => _missingCount > 0;

    public NackGeneratorSettings Settings => _settings;

    /// <summary>The items to send, valid until the next call that returns <see cref="NackGeneratorResult.NackRequired"/>.</summary>
    public ReadOnlySpan<RtcpNackItem> NackItems => _items.AsSpan(0, _itemCount);

    /// <summary>Takes an arriving packet (media or restored from RTX) into account.</summary>
    public NackGeneratorResult OnPacket(ushort sequenceNumber, bool isKeyFrame, bool isRecovered, long nowMs)
    {
        _itemCount = 0;
        if (!_unwrapper.HasStarted)
        {
            long first = _unwrapper.Unwrap(sequenceNumber);
            if (isKeyFrame)
            {
                AddKeyFrame(first);
            }

            return NackGeneratorResult.None;
        }

        long last = _unwrapper.Last;
        long extended = _unwrapper.Peek(sequenceNumber);
        if (extended == last)
        {
            return NackGeneratorResult.None;
        }

        if (extended < last)
        {
            // Late: either the repair of a requested packet or plain reordering.
            return RemoveMissing(extended) ? NackGeneratorResult.Recovered : NackGeneratorResult.None;
        }

        if (isKeyFrame)
        {
            AddKeyFrame(extended);
        }

        if (isRecovered)
        {
            // A retransmission ahead of the newest packet (the sender repairs before we saw the gap): remember
            // it so that the gap, once seen, does not request it.
            if (_recovered.Length == 0)
            {
                _recovered = new long[RecoveredCapacity];
            }

            _recovered[_recoveredNext] = extended;
            _recoveredNext = (_recoveredNext + 1) % RecoveredCapacity;
            _recoveredCount = Math.Min(_recoveredCount + 1, RecoveredCapacity);
            return NackGeneratorResult.None;
        }

        _unwrapper.Unwrap(sequenceNumber);
        DropKeyFramesOlderThan(extended - _settings.MaxPacketAge);
        NackGeneratorResult result = AddMissing(last + 1, extended, nowMs);
        return result | CollectDue(nowMs, onlyFirstRequests: true);
    }

    /// <summary>The periodic pass: requests what became due (first requests and repeats after an RTT).</summary>
    public NackGeneratorResult OnTimer(long nowMs)
    {
        _itemCount = 0;
        return CollectDue(nowMs, onlyFirstRequests: false);
    }

    /// <summary>Writes a generic NACK (sender SSRC 0, as mediasoup sends it) carrying <see cref="NackItems"/>.</summary>
    public bool TryWriteNack(Span<byte> destination, uint mediaSsrc, out int length) =>
        RtcpGenericNack.TryWrite(destination, 0, mediaSsrc, NackItems, out length);

    /// <summary>Forgets everything, as for a new stream.</summary>
    public void Reset()
    {
        _unwrapper.Reset();
        _missingCount = 0;
        _keyFrameCount = 0;
        _recoveredCount = 0;
        _recoveredNext = 0;
        _itemCount = 0;
    }

    /// <summary>Puts [<paramref name="from"/>, <paramref name="to"/>) on the list, making room as §7.2 says.</summary>
    private NackGeneratorResult AddMissing(long from, long to, long nowMs)
    {
        DropMissingOlderThan(to - _settings.MaxPacketAge);
        long newCount = to - from;
        if (newCount <= 0)
        {
            return NackGeneratorResult.None;
        }

        int max = _settings.MaxMissingPackets;
        while (_missingCount + newCount > max && DropMissingBeforeNextKeyFrame())
        {
        }

        if (_missingCount + newCount > max)
        {
            _missingCount = 0;
            return NackGeneratorResult.KeyFrameRequired;
        }

        if (_missingCount + newCount > _missing.Length)
        {
            int capacity = (int)Math.Min(max, Math.Max(_missing.Length * 2L, _missingCount + newCount));
            Array.Resize(ref _missing, capacity);
            Array.Resize(ref _items, capacity);
        }

        for (long sequence = from; sequence < to; sequence++)
        {
            if (!WasRecovered(sequence))
            {
                _missing[_missingCount++] = new MissingPacket(sequence, nowMs, NeverSent, 0);
            }
        }

        return NackGeneratorResult.None;
    }

    private NackGeneratorResult CollectDue(long nowMs, bool onlyFirstRequests)
    {
        var packer = new RtcpNackItemPacker();
        int kept = 0;
        for (int i = 0; i < _missingCount; i++)
        {
            MissingPacket packet = _missing[i];
            bool due = packet.SentAtMs == NeverSent
                ? nowMs - packet.MissingSinceMs >= _settings.FirstRequestDelayMs
                : !onlyFirstRequests && nowMs - packet.SentAtMs >= _rttMs;
            if (due)
            {
                if (packer.Add((ushort)packet.Sequence, out RtcpNackItem closed))
                {
                    _items[_itemCount++] = closed;
                }

                packet = packet with { SentAtMs = nowMs, Requests = packet.Requests + 1 };
            }

            // A packet asked for the last allowed time leaves the list: there is nothing more to do for it.
            if (packet.Requests < _settings.MaxRequests)
            {
                _missing[kept++] = packet;
            }
        }

        _missingCount = kept;
        if (packer.TryClose(out RtcpNackItem last))
        {
            _items[_itemCount++] = last;
        }

        return _itemCount > 0 ? NackGeneratorResult.NackRequired : NackGeneratorResult.None;
    }

    private bool RemoveMissing(long sequence)
    {
        int index = FindMissing(sequence);
        if (index < 0)
        {
            return false;
        }

        Array.Copy(_missing, index + 1, _missing, index, _missingCount - index - 1);
        _missingCount--;
        return true;
    }

    /// <summary>Binary search: the list is in sequence order because gaps are always added above the newest packet.</summary>
    private int FindMissing(long sequence)
    {
        int low = 0;
        int high = _missingCount - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            long value = _missing[middle].Sequence;
            if (value == sequence)
            {
                return middle;
            }

            if (value < sequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private void DropMissingOlderThan(long oldestKept)
    {
        int drop = 0;
        while (drop < _missingCount && _missing[drop].Sequence < oldestKept)
        {
            drop++;
        }

        RemoveFirstMissing(drop);
    }

    /// <summary>Drops the missing packets before the oldest known key frame, which is then forgotten too.</summary>
    private bool DropMissingBeforeNextKeyFrame()
    {
        while (_keyFrameCount > 0)
        {
            long keyFrame = _keyFrames[0];
            Array.Copy(_keyFrames, 1, _keyFrames, 0, _keyFrameCount - 1);
            _keyFrameCount--;
            int drop = 0;
            while (drop < _missingCount && _missing[drop].Sequence < keyFrame)
            {
                drop++;
            }

            if (drop > 0)
            {
                RemoveFirstMissing(drop);
                return true;
            }
        }

        return false;
    }

    private void RemoveFirstMissing(int count)
    {
        if (count <= 0)
        {
            return;
        }

        Array.Copy(_missing, count, _missing, 0, _missingCount - count);
        _missingCount -= count;
    }

    private void AddKeyFrame(long sequence)
    {
        if (_keyFrameCount > 0 && _keyFrames[_keyFrameCount - 1] >= sequence)
        {
            return;
        }

        if (_keyFrames.Length == 0)
        {
            _keyFrames = new long[KeyFrameCapacity];
        }

        if (_keyFrameCount == KeyFrameCapacity)
        {
            Array.Copy(_keyFrames, 1, _keyFrames, 0, KeyFrameCapacity - 1);
            _keyFrameCount--;
        }

        _keyFrames[_keyFrameCount++] = sequence;
    }

    private void DropKeyFramesOlderThan(long oldestKept)
    {
        int drop = 0;
        while (drop < _keyFrameCount && _keyFrames[drop] < oldestKept)
        {
            drop++;
        }

        if (drop > 0)
        {
            Array.Copy(_keyFrames, drop, _keyFrames, 0, _keyFrameCount - drop);
            _keyFrameCount -= drop;
        }
    }

    private bool WasRecovered(long sequence)
    {
        for (int i = 0; i < _recoveredCount; i++)
        {
            if (_recovered[i] == sequence)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct MissingPacket(long Sequence, long MissingSinceMs, long SentAtMs, int Requests);
}
