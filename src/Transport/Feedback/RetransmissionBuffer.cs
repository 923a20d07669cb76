using System.Buffers.Binary;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Copies of the packets of one incoming stream, kept under their sequence number so that every consumer of the
/// stream can rebuild a packet its receiver NACKed (RFC 4585 §6.2.1, PROTOCOL.md §7.3, R94) from this one copy (see
/// <see cref="SentPacketLog"/>) instead of keeping its own. One contiguous slab of fixed-size slots; a packet goes
/// to the slot of its sequence number modulo the current capacity, replacing whatever was there. The slab starts
/// small and doubles (up to the configured capacity) when a packet younger than the maximum age would be replaced,
/// so a stream's buffer settles at what its packet rate needs after a few growths and then allocates nothing.
/// </summary>
public sealed class RetransmissionBuffer
{
    /// <summary>Slot sizes are multiples of this: few growths as packet sizes creep up, little room left unused.</summary>
    public const int SlotGranularity = 128;

    private readonly RetransmissionBufferSettings _settings;
    private byte[] _slab;
    private Slot[] _slots;
    private int _capacity;
    private int _slotSize;
    private int _count;

    public RetransmissionBuffer(RetransmissionBufferSettings? settings = null)
    {
        _settings = settings ?? RetransmissionBufferSettings.Video;
        if (_settings.Capacity <= 0 || _settings.InitialCapacity <= 0
            || Math.Min(_settings.InitialSlotSize, _settings.SlotSize) < RtpPacket.FixedHeaderLength)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), _settings, "The retransmission buffer needs at least one slot of at least an RTP header.");
        }

        _capacity = Math.Min(_settings.InitialCapacity, _settings.Capacity);
        _slotSize = Math.Min(_settings.InitialSlotSize, _settings.SlotSize);
        _slab = new byte[_capacity * _slotSize];
        _slots = new Slot[_capacity];
    }

    public RetransmissionBufferSettings Settings => _settings;

    /// <summary>Slots currently holding a packet.</summary>
    public int Count => _count;

    /// <summary>Slots allocated now: between the initial and the configured capacity.</summary>
    public int CurrentCapacity => _capacity;

    /// <summary>Bytes a slot holds now: between the initial and the configured slot size.</summary>
    public int CurrentSlotSize => _slotSize;

    /// <summary>
    /// Keeps a copy of a packet as it was sent (after rewriting), under the sequence number in its header.
    /// Returns false for a packet that is not RTP-sized or does not fit a slot.
    /// </summary>
    public bool Store(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength || packet.Length > _settings.SlotSize)
        {
            return false;
        }

        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (packet.Length > _slotSize)
        {
            // Slots grow to the next multiple of SlotGranularity that holds the packet (capped at the configured
            // size): video packets are mostly of one size a little under the MTU, and slots of exactly that size
            // keep a fifth less than slots of the largest size allowed.
            Grow(_capacity, Math.Min(_settings.SlotSize, (packet.Length + SlotGranularity - 1) / SlotGranularity * SlotGranularity));
        }

        int index = sequenceNumber % _capacity;
        if (_capacity < _settings.Capacity && WouldEvictYoungPacket(_slots[index], sequenceNumber, nowMs))
        {
            Grow(Math.Min(_capacity * 2, _settings.Capacity), _slotSize);
            index = sequenceNumber % _capacity;
        }

        ref Slot slot = ref _slots[index];
        if (!slot.Used)
        {
            _count++;
        }

        packet.CopyTo(_slab.AsSpan(index * _slotSize, _slotSize));
        slot = new Slot(sequenceNumber, packet.Length, nowMs, true);
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
        int index = sequenceNumber % _capacity;
        Slot slot = _slots[index];
        if (!slot.Used || slot.SequenceNumber != sequenceNumber || nowMs - slot.StoredAtMs > _settings.MaxAgeMs)
        {
            return false;
        }

        packet = _slab.AsSpan(index * _slotSize, slot.Length);
        return true;
    }

    /// <summary>Empties the buffer.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
    }

    private bool WouldEvictYoungPacket(in Slot slot, ushort sequenceNumber, long nowMs) =>
        slot.Used && slot.SequenceNumber != sequenceNumber && nowMs - slot.StoredAtMs <= _settings.MaxAgeMs;

    /// <summary>Re-lays the slab with more or larger slots and moves every packet to its new slot.</summary>
    private void Grow(int capacity, int slotSize)
    {
        var slab = new byte[capacity * slotSize];
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
            _slab.AsSpan(old * _slotSize, moving.Length).CopyTo(slab.AsSpan(index * slotSize));
        }

        _slab = slab;
        _slots = slots;
        _capacity = capacity;
        _slotSize = slotSize;
        _count = count;
    }

    private readonly struct Slot(ushort sequenceNumber, int length, long storedAtMs, bool used)
    {
        public readonly ushort SequenceNumber = sequenceNumber;
        public readonly int Length = length;
        public readonly long StoredAtMs = storedAtMs;
        public readonly bool Used = used;
    }
}
