using System.Buffers.Binary;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Copies of the packets a consumer stream sent, kept to answer the receiver's NACKs (RFC 4585 §6.2.1,
/// PROTOCOL.md §7.3, R94). One contiguous slab of fixed-size slots; a packet goes to the slot of its output
/// sequence number modulo the current capacity, replacing whatever was there. The slab starts small and doubles
/// (up to the configured capacity) when a packet younger than the maximum age would be replaced, so a stream's
/// buffer settles at what its packet rate needs after a few growths and then allocates nothing. A packet is handed
/// out for retransmission at most once per RTT.
/// </summary>
public sealed class RetransmissionBuffer
{
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
            // Slots grow to the next power of two that holds the packet (capped at the configured size).
            Grow(_capacity, Math.Min(_settings.SlotSize, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)packet.Length)));
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
        slot = new Slot(sequenceNumber, packet.Length, nowMs, long.MinValue, true);
        return true;
    }

    /// <summary>
    /// Looks up a NACKed sequence number; when the answer is <see cref="RetransmissionLookup.Resend"/>,
    /// <paramref name="packet"/> is the stored copy (valid until the slot is reused) and the packet counts as
    /// re-sent at <paramref name="nowMs"/>.
    /// </summary>
    public RetransmissionLookup TryGetForResend(ushort sequenceNumber, long nowMs, int rttMs, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        int index = sequenceNumber % _capacity;
        ref Slot slot = ref _slots[index];
        if (!slot.Used || slot.SequenceNumber != sequenceNumber)
        {
            return RetransmissionLookup.NotStored;
        }

        if (nowMs - slot.StoredAtMs > _settings.MaxAgeMs)
        {
            return RetransmissionLookup.TooOld;
        }

        if (slot.ResentAtMs != long.MinValue && nowMs - slot.ResentAtMs < rttMs)
        {
            return RetransmissionLookup.ResentWithinRtt;
        }

        slot.ResentAtMs = nowMs;
        packet = _slab.AsSpan(index * _slotSize, slot.Length);
        return RetransmissionLookup.Resend;
    }

    /// <summary>
    /// Serves one NACKed sequence number as an RTX packet written into <paramref name="destination"/>
    /// (see <see cref="RtxEncapsulator"/>). False when the packet is not to be re-sent or does not fit.
    /// </summary>
    public bool TryWriteRetransmission(ushort sequenceNumber, long nowMs, int rttMs, RtxEncapsulator rtx, Span<byte> destination, out int length)
    {
        length = 0;
        return TryGetForResend(sequenceNumber, nowMs, rttMs, out ReadOnlySpan<byte> original) == RetransmissionLookup.Resend
            && rtx.TryEncapsulate(original, destination, out length);
    }

    /// <summary>Empties the buffer (a paused consumer must not retransmit what it sent before, §7.4).</summary>
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

    private struct Slot(ushort sequenceNumber, int length, long storedAtMs, long resentAtMs, bool used)
    {
        public readonly ushort SequenceNumber = sequenceNumber;
        public readonly int Length = length;
        public readonly long StoredAtMs = storedAtMs;
        public long ResentAtMs = resentAtMs;
        public readonly bool Used = used;
    }
}
