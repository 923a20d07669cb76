using System.Buffers.Binary;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Copies of the packets of one incoming stream, kept under their sequence number so that every consumer of the
/// stream can rebuild a packet its receiver NACKed (RFC 4585 §6.2.1, PROTOCOL.md §7.3, R94) from this one copy (see
/// <see cref="SentPacketLog"/>) instead of keeping its own.
/// <para>
/// The bytes go back to back into a ring (a packet that would not fit before the ring's end starts again at its
/// beginning), so the buffer holds what the stream sent in the maximum age, not that many packets of the largest
/// size: a video frame ends with a short packet, and slots of one size for every packet kept half again as much
/// as the packets needed. An index by sequence number (a slot per number modulo its capacity) says where each packet
/// is; a packet whose bytes the ring has since overwritten is not handed out. Both start small: the index doubles
/// (up to the configured capacity) when a packet younger than the maximum age would lose its slot, the ring grows to
/// what the stream's rate needs when its next bytes would overwrite a packet that young (the ring keeps, per
/// kilobyte, when it was last written), so a stream's buffer settles at what its bitrate needs and then allocates nothing. A buffer that nothing
/// was stored in for the maximum age (a simulcast layer nobody receives any more) goes back to its initial size
/// (<see cref="ReleaseIfIdle"/>).
/// </para>
/// </summary>
public sealed class RetransmissionBuffer
{
    /// <summary>The ring remembers when each run of this many bytes was last written.</summary>
    public const int SegmentSize = 1024;

    /// <summary>The shortest span a growing ring projects its stream's rate from.</summary>
    private const long MinProjectionSpanMs = 500;

    private readonly RetransmissionBufferSettings _settings;
    private readonly int _maxRingBytes;
    private byte[] _ring;
    private long[] _segmentWrittenAtMs;
    private long _head;
    private Slot[] _slots;
    private int _capacity;
    private int _count;
    private long _lastStoredAtMs = long.MinValue;

    public RetransmissionBuffer(RetransmissionBufferSettings? settings = null)
    {
        _settings = settings ?? RetransmissionBufferSettings.Video;
        if (_settings.Capacity <= 0 || _settings.InitialCapacity <= 0
            || Math.Min(_settings.InitialSlotSize, _settings.SlotSize) < RtpPacket.FixedHeaderLength)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), _settings, "The retransmission buffer needs at least one slot of at least an RTP header.");
        }

        _maxRingBytes = (int)Math.Min(int.MaxValue / 2, RoundUpToSegment((long)_settings.Capacity * _settings.SlotSize));
        _capacity = InitialCapacity;
        _slots = new Slot[_capacity];
        _ring = new byte[InitialRingBytes];
        _segmentWrittenAtMs = NewSegmentTimes(_ring.Length);
    }

    public RetransmissionBufferSettings Settings => _settings;

    /// <summary>Index slots holding a packet (whose bytes may since have been overwritten).</summary>
    public int Count => _count;

    /// <summary>Index slots allocated now: between the initial and the configured capacity.</summary>
    public int CurrentCapacity => _capacity;

    /// <summary>Bytes of the ring now: from the initial slots times the initial slot size up to the capacity times the slot size.</summary>
    public int CurrentRingBytes => _ring.Length;

    private int InitialCapacity => Math.Min(_settings.InitialCapacity, _settings.Capacity);

    private int InitialRingBytes =>
        (int)Math.Min(_maxRingBytes, RoundUpToSegment(Math.Max((long)InitialCapacity * _settings.InitialSlotSize, _settings.SlotSize)));

    /// <summary>
    /// Keeps a copy of a packet as it was sent (after rewriting), under the sequence number in its header.
    /// Returns false for a packet that is not RTP-sized or larger than <see cref="RetransmissionBufferSettings.SlotSize"/>.
    /// </summary>
    public bool Store(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength || packet.Length > _settings.SlotSize)
        {
            return false;
        }

        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int index = sequenceNumber % _capacity;
        if (_capacity < _settings.Capacity && WouldEvictYoungPacket(_slots[index], sequenceNumber, nowMs))
        {
            GrowIndex(Math.Min(_capacity * 2, _settings.Capacity));
            index = sequenceNumber % _capacity;
        }

        long position = Reserve(packet.Length, nowMs);
        packet.CopyTo(_ring.AsSpan((int)(position % _ring.Length), packet.Length));
        ref Slot slot = ref _slots[index];
        if (!slot.Used)
        {
            _count++;
        }

        slot = new Slot(sequenceNumber, (ushort)packet.Length, nowMs, position, used: true);
        _lastStoredAtMs = nowMs;
        return true;
    }

    /// <summary>
    /// The stored packet with this sequence number, when it is still there and younger than the maximum age.
    /// <paramref name="packet"/> is the stored copy itself, valid until the next <see cref="Store"/>: read it, never
    /// write it (other consumers may read it next).
    /// </summary>
    public bool TryGet(ushort sequenceNumber, long nowMs, out Span<byte> packet)
    {
        packet = default;
        Slot slot = _slots[sequenceNumber % _capacity];
        if (!slot.Used || slot.SequenceNumber != sequenceNumber || nowMs - slot.StoredAtMs > _settings.MaxAgeMs
            || slot.Position < _head - _ring.Length)
        {
            return false;
        }

        packet = _ring.AsSpan((int)(slot.Position % _ring.Length), slot.Length);
        return true;
    }

    /// <summary>Empties the buffer.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
    }

    /// <summary>
    /// Gives back what the buffer grew to once nothing was stored for the maximum age: every packet it holds is too old
    /// to send again. Returns whether it did.
    /// </summary>
    public bool ReleaseIfIdle(long nowMs)
    {
        if (nowMs - _lastStoredAtMs <= _settings.MaxAgeMs || (_capacity == InitialCapacity && _ring.Length == InitialRingBytes))
        {
            return false;
        }

        _capacity = InitialCapacity;
        _slots = new Slot[_capacity];
        _count = 0;
        _ring = new byte[InitialRingBytes];
        _segmentWrittenAtMs = NewSegmentTimes(_ring.Length);
        _head = 0;
        return true;
    }

    private bool WouldEvictYoungPacket(in Slot slot, ushort sequenceNumber, long nowMs) =>
        slot.Used && slot.SequenceNumber != sequenceNumber && nowMs - slot.StoredAtMs <= _settings.MaxAgeMs;

    /// <summary>
    /// Where the next packet of <paramref name="length"/> bytes goes (an absolute position: its offset in the ring
    /// is the position modulo the ring's size), growing the ring first if those bytes still hold a young packet.
    /// </summary>
    private long Reserve(int length, long nowMs)
    {
        while (true)
        {
            int size = _ring.Length;
            int offset = (int)(_head % size);
            long start = offset + length > size ? _head + (size - offset) : _head;
            int startOffset = (int)(start % size);
            int first = startOffset / SegmentSize;
            int last = (startOffset + length - 1) / SegmentSize;

            // A kilobyte this pass already wrote in (the one the last packet ended in) was checked when the pass
            // entered it; the ones it enters now hold the previous pass's bytes, and say when those were written.
            int entered = startOffset % SegmentSize == 0 ? first : first + 1;
            if (size < _maxRingBytes && WrittenWithin(entered, last, nowMs))
            {
                GrowRing(nowMs);
                continue;
            }

            for (int segment = first; segment <= last; segment++)
            {
                _segmentWrittenAtMs[segment] = nowMs;
            }

            _head = start + length;
            return start;
        }
    }

    private bool WrittenWithin(int firstSegment, int lastSegment, long nowMs)
    {
        for (int segment = firstSegment; segment <= lastSegment; segment++)
        {
            if (nowMs - _segmentWrittenAtMs[segment] <= _settings.MaxAgeMs)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Copies the ring's last pass, oldest byte first, to the start of a larger ring, so every packet stays in one
    /// piece; positions move down by where that pass began. The new size is what the stream's rate so far needs for
    /// the maximum age, with a tenth to spare (at least a quarter more than now, at least a largest packet more): a
    /// ring that grew by small steps from its first kilobytes would leave a trail of large arrays for the garbage
    /// collector, which only its rare full collections reclaim.
    /// </summary>
    private void GrowRing(long nowMs)
    {
        int size = _ring.Length;
        long grown = Math.Max(size + size / 4, size + _settings.SlotSize);
        int young = 0;
        long oldestYoungMs = nowMs;
        foreach (long writtenAtMs in _segmentWrittenAtMs)
        {
            if (nowMs - writtenAtMs <= _settings.MaxAgeMs)
            {
                young++;
                oldestYoungMs = Math.Min(oldestYoungMs, writtenAtMs);
            }
        }

        // Over a short span a key frame's burst would pass for the rate: project from half a second at least.
        long spanMs = Math.Max(nowMs - oldestYoungMs, Math.Min(MinProjectionSpanMs, _settings.MaxAgeMs));
        long projected = (long)young * SegmentSize * _settings.MaxAgeMs / Math.Max(1, spanMs) * 11 / 10;
        grown = Math.Min(_maxRingBytes, RoundUpToSegment(Math.Max(grown, projected)));
        long oldest = Math.Max(0, _head - size);
        int live = (int)(_head - oldest);
        var ring = new byte[(int)grown];
        long[] times = NewSegmentTimes((int)grown);
        int from = (int)(oldest % size);
        int beforeEnd = Math.Min(live, size - from);
        _ring.AsSpan(from, beforeEnd).CopyTo(ring);
        _ring.AsSpan(0, live - beforeEnd).CopyTo(ring.AsSpan(beforeEnd));
        for (int offset = 0; offset < live; offset += SegmentSize)
        {
            // A new kilobyte holds bytes of at most two old ones: it counts as written when the later of them was.
            int oldFirst = (int)((oldest + offset) % size) / SegmentSize;
            int oldLast = (int)((oldest + Math.Min(offset + SegmentSize, live) - 1) % size) / SegmentSize;
            times[offset / SegmentSize] = Math.Max(_segmentWrittenAtMs[oldFirst], _segmentWrittenAtMs[oldLast]);
        }

        for (int i = 0; i < _capacity; i++)
        {
            ref Slot slot = ref _slots[i];
            if (slot.Used && slot.Position >= oldest)
            {
                slot = slot.MovedBy(oldest);
            }
            else if (slot.Used)
            {
                slot = default;
                _count--;
            }
        }

        _ring = ring;
        _segmentWrittenAtMs = times;
        _head = live;
    }

    /// <summary>Re-lays the index with more slots and moves every entry to its new slot.</summary>
    private void GrowIndex(int capacity)
    {
        var slots = new Slot[capacity];
        int count = 0;
        for (int old = 0; old < _capacity; old++)
        {
            Slot moving = _slots[old];
            if (!moving.Used)
            {
                continue;
            }

            int index = moving.SequenceNumber % capacity;
            if (slots[index].Used)
            {
                // Two packets a multiple of the new capacity apart: only the newer one can still be asked for.
                if (slots[index].StoredAtMs >= moving.StoredAtMs)
                {
                    continue;
                }
            }
            else
            {
                count++;
            }

            slots[index] = moving;
        }

        _slots = slots;
        _capacity = capacity;
        _count = count;
    }

    private static long RoundUpToSegment(long bytes) => (bytes + SegmentSize - 1) / SegmentSize * SegmentSize;

    private static long[] NewSegmentTimes(int ringBytes)
    {
        var times = new long[(ringBytes + SegmentSize - 1) / SegmentSize];
        Array.Fill(times, long.MinValue / 2);
        return times;
    }

    private readonly struct Slot(ushort sequenceNumber, ushort length, long storedAtMs, long position, bool used)
    {
        public readonly ushort SequenceNumber = sequenceNumber;
        public readonly ushort Length = length;
        public readonly bool Used = used;
        public readonly long StoredAtMs = storedAtMs;

        /// <summary>Where the packet's bytes start: an ever-growing count of bytes written, modulo the ring's size.</summary>
        public readonly long Position = position;

        public Slot MovedBy(long shift) => new(SequenceNumber, Length, StoredAtMs, Position - shift, Used);
    }
}
