using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Feedback;

/// <summary>
/// One consumer stream's record of what it sent, under each output sequence number: which incoming packet (layer
/// and sequence number) it came from and the values it was rewritten with. A NACKed packet (RFC 4585 §6.2.1, R94)
/// is rebuilt from the producer stream's single copy (<see cref="RetransmissionBuffer"/>) with these values, so a
/// consumer keeps 40 bytes per packet rather than the packet: in a call of ten, each video packet used to be copied
/// nine times. The slots start few and double, up to the configured capacity, when an entry younger than the
/// maximum age would be replaced (as the buffer does). An entry is handed out for retransmission at most once per RTT.
/// </summary>
public sealed class SentPacketLog
{
    private readonly RetransmissionBufferSettings _settings;
    private Entry[] _entries;
    private int _slotCount;
    private ushort _lastSequenceNumber;

    public SentPacketLog(RetransmissionBufferSettings? settings = null)
    {
        _settings = settings ?? RetransmissionBufferSettings.Video;
        if (_settings.Capacity <= 0 || _settings.InitialCapacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), _settings, "The sent-packet log needs at least one slot.");
        }

        _entries = new Entry[Math.Min(_settings.InitialCapacity, _settings.Capacity)];
        _slotCount = _entries.Length;
    }

    /// <summary>Slots allocated now: between the initial and the configured capacity.</summary>
    public int CurrentCapacity => _entries.Length;

    /// <summary>Records a packet just sent with the output values of <paramref name="decision"/>.</summary>
    public void Record(in ForwardDecision decision, int layer, ushort incomingSequenceNumber, long nowMs)
    {
        ushort sequenceNumber = decision.SequenceNumber;
        int index = sequenceNumber % _entries.Length;
        if (_entries.Length < _settings.Capacity && WouldEvictYoungEntry(_entries[index], sequenceNumber, nowMs))
        {
            Grow(Math.Min(_entries.Length * 2, _settings.Capacity));
            index = sequenceNumber % _entries.Length;
        }

        _entries[index] = new Entry(decision, (byte)layer, incomingSequenceNumber, nowMs);
        _lastSequenceNumber = sequenceNumber;
    }

    /// <summary>
    /// Starts loading the slot the next packet will most likely take (consumers number their packets without gaps),
    /// which <see cref="Record"/> reads before it writes (<see cref="CachePrefetch"/>).
    /// </summary>
    internal void PrefetchNextSlot() =>
        CachePrefetch.Element(_entries, (ushort)(_lastSequenceNumber + 1) % _slotCount, _slotCount);

    /// <summary>
    /// Looks up a NACKed output sequence number; when the answer is <see cref="RetransmissionLookup.Resend"/>,
    /// <paramref name="sent"/> says how to rebuild it and the entry counts as re-sent at <paramref name="nowMs"/>.
    /// </summary>
    public RetransmissionLookup TryGetForResend(ushort sequenceNumber, long nowMs, int rttMs, out SentPacket sent)
    {
        sent = default;
        ref Entry entry = ref _entries[sequenceNumber % _entries.Length];
        if (!entry.Used || entry.SequenceNumber != sequenceNumber)
        {
            return RetransmissionLookup.NotStored;
        }

        if (nowMs - entry.SentAtMs > _settings.MaxAgeMs)
        {
            return RetransmissionLookup.TooOld;
        }

        if (entry.ResentAtMs != long.MinValue && nowMs - entry.ResentAtMs < rttMs)
        {
            return RetransmissionLookup.ResentWithinRtt;
        }

        entry.ResentAtMs = nowMs;
        sent = new SentPacket(entry.Layer, entry.IncomingSequenceNumber,
            ForwardDecision.Forward(entry.SequenceNumber, entry.Timestamp, entry.PictureId, entry.Tl0PicIdx));
        return RetransmissionLookup.Resend;
    }

    /// <summary>Forgets everything sent (a paused consumer must not retransmit what it sent before, §7.4).</summary>
    public void Clear() => Array.Clear(_entries);

    private bool WouldEvictYoungEntry(in Entry entry, ushort sequenceNumber, long nowMs) =>
        entry.Used && entry.SequenceNumber != sequenceNumber && nowMs - entry.SentAtMs <= _settings.MaxAgeMs;

    private void Grow(int capacity)
    {
        var entries = new Entry[capacity];
        foreach (Entry moving in _entries)
        {
            if (!moving.Used)
            {
                continue;
            }

            // Two entries a multiple of the new capacity apart: only the newer one can still be asked for.
            ref Entry target = ref entries[moving.SequenceNumber % capacity];
            if (!target.Used || target.SentAtMs < moving.SentAtMs)
            {
                target = moving;
            }
        }

        _entries = entries;
        _slotCount = entries.Length;
    }

    private struct Entry(in ForwardDecision decision, byte layer, ushort incomingSequenceNumber, long sentAtMs)
    {
        public readonly long SentAtMs = sentAtMs;
        public long ResentAtMs = long.MinValue;
        public readonly uint Timestamp = decision.Timestamp;
        public readonly int PictureId = decision.PictureId;
        public readonly int Tl0PicIdx = decision.Tl0PicIdx;
        public readonly ushort SequenceNumber = decision.SequenceNumber;
        public readonly ushort IncomingSequenceNumber = incomingSequenceNumber;
        public readonly byte Layer = layer;
        public readonly bool Used = true;
    }
}

/// <summary>A packet a consumer sent: the incoming packet it came from and the decision it was rewritten with.</summary>
public readonly struct SentPacket(int layer, ushort incomingSequenceNumber, ForwardDecision decision)
{
    /// <summary>The producer stream (simulcast encoding index) the packet came from.</summary>
    public int Layer { get; } = layer;

    public ushort IncomingSequenceNumber { get; } = incomingSequenceNumber;

    /// <summary>The output values: sequence number, timestamp, picture numbering.</summary>
    public ForwardDecision Decision { get; } = decision;
}
