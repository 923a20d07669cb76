using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Feedback;

/// <summary>
/// One consumer stream's record of what it sent, under each output sequence number: which incoming packet (layer
/// and sequence number) it came from and the values it was rewritten with. A NACKed packet (RFC 4585 §6.2.1, R94)
/// is rebuilt from the producer stream's single copy (<see cref="RetransmissionBuffer"/>) with these values, so a
/// consumer keeps 16 bytes per packet rather than the packet: in a call of ten, each video packet used to be copied
/// nine times. The slots start few and double, up to the configured capacity, when an entry younger than the
/// maximum age would be replaced (as the buffer does). An entry is handed out for retransmission at most once per RTT.
/// </summary>
public sealed class SentPacketLog
{
    /// <summary>Simulcast layers an entry can name: a producer with more encodings is refused.</summary>
    public const int MaxLayers = 32;

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

        if (entry.AgeMs(nowMs) > _settings.MaxAgeMs)
        {
            return RetransmissionLookup.TooOld;
        }

        if (entry.Resent && Entry.Elapsed(nowMs, entry.ResentAtMs) < rttMs)
        {
            return RetransmissionLookup.ResentWithinRtt;
        }

        entry.MarkResent(nowMs);
        sent = new SentPacket(entry.Layer, entry.IncomingSequenceNumber,
            ForwardDecision.Forward(entry.SequenceNumber, entry.Timestamp, entry.PictureId, entry.Tl0PicIdx));
        return RetransmissionLookup.Resend;
    }

    /// <summary>
    /// The packet recorded last, if it is younger than the maximum age: what a bandwidth probe sends again. The entry
    /// does not count as re-sent (a NACK for it is still answered).
    /// </summary>
    public bool TryGetNewest(long nowMs, out SentPacket sent)
    {
        sent = default;
        ref Entry entry = ref _entries[_lastSequenceNumber % _entries.Length];
        if (!entry.Used || entry.SequenceNumber != _lastSequenceNumber || entry.AgeMs(nowMs) > _settings.MaxAgeMs)
        {
            return false;
        }

        sent = new SentPacket(entry.Layer, entry.IncomingSequenceNumber,
            ForwardDecision.Forward(entry.SequenceNumber, entry.Timestamp, entry.PictureId, entry.Tl0PicIdx));
        return true;
    }

    /// <summary>Forgets everything sent (a paused consumer must not retransmit what it sent before, §7.4).</summary>
    public void Clear() => Array.Clear(_entries);

    private bool WouldEvictYoungEntry(in Entry entry, ushort sequenceNumber, long nowMs) =>
        entry.Used && entry.SequenceNumber != sequenceNumber && entry.AgeMs(nowMs) <= _settings.MaxAgeMs;

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
            if (!target.Used || Entry.IsLater(moving.SentAtMs, target.SentAtMs))
            {
                target = moving;
            }
        }

        _entries = entries;
        _slotCount = entries.Length;
    }

    /// <summary>
    /// 16 bytes per packet sent (a consumer logs about 2 s of its packets). Times are the low 16 bits of the loop's
    /// millisecond clock, compared by wrapping difference: right for ages up to 65 s, far beyond the 2 s kept. An
    /// entry left 65 s or more (a producer that stopped sending) can pass for young: a NACK for it finds the stream's
    /// copy gone (the retransmission buffer keeps full times), and at worst the log grows once more than it needed.
    /// Picture numbers fit 16 bits (VP8's PictureID is 15 bits, −1 for none), TL0PICIDX 8 bits and a flag for none;
    /// the layer takes the flags byte's low 5 bits (<see cref="MaxLayers"/>).
    /// </summary>
    private struct Entry(in ForwardDecision decision, byte layer, ushort incomingSequenceNumber, long sentAtMs)
    {
        private const byte LayerMask = MaxLayers - 1;
        private const byte NoTl0PicIdx = 0x20;
        private const byte ResentFlag = 0x40;
        private const byte UsedFlag = 0x80;

        public readonly uint Timestamp = decision.Timestamp;
        public readonly ushort SentAtMs = unchecked((ushort)sentAtMs);
        public ushort ResentAtMs;
        public readonly ushort SequenceNumber = decision.SequenceNumber;
        public readonly ushort IncomingSequenceNumber = incomingSequenceNumber;
        public readonly short PictureId = (short)decision.PictureId;
        private readonly byte _tl0PicIdx = unchecked((byte)decision.Tl0PicIdx);
        private byte _flags = (byte)(UsedFlag | (layer & LayerMask) | (decision.Tl0PicIdx < 0 ? NoTl0PicIdx : 0));

        public readonly bool Used => (_flags & UsedFlag) != 0;

        public readonly bool Resent => (_flags & ResentFlag) != 0;

        public readonly int Layer => _flags & LayerMask;

        public readonly int Tl0PicIdx => (_flags & NoTl0PicIdx) != 0 ? -1 : _tl0PicIdx;

        public static int Elapsed(long nowMs, ushort thenMs) => unchecked((ushort)((ushort)nowMs - thenMs));

        /// <summary>Whether <paramref name="aMs"/> is later than <paramref name="bMs"/> (both within 32 s of each other).</summary>
        public static bool IsLater(ushort aMs, ushort bMs) => unchecked((short)(aMs - bMs)) > 0;

        public readonly int AgeMs(long nowMs) => Elapsed(nowMs, SentAtMs);

        public void MarkResent(long nowMs)
        {
            ResentAtMs = unchecked((ushort)nowMs);
            _flags |= ResentFlag;
        }
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
