namespace Sfu.Transport.Feedback;

/// <summary>
/// What a download transport sent, by transport-wide sequence number: send time (µs) and size, so that the
/// browser's transport-cc feedback can be matched to it. A ring indexed by the number's low bits; every capacity
/// is a power of two dividing 2^16, so the ring carries on seamlessly across the 16-bit wrap.
/// <para>
/// Only a transport that sends media needs it, so the ring is allocated at the first packet sent: an upload
/// transport never pays for it. It starts at <see cref="InitialCapacity"/> slots and doubles, up to
/// <see cref="MaxCapacity"/>, whenever a packet younger than <see cref="RetentionUs"/> would be overwritten.
/// Transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) comes back every 100 ms or so
/// (Chrome sends it every 50 to 250 ms; our own receiver every 100 ms, PROTOCOL.md §7.2), so a second is several
/// feedback intervals even when one feedback packet is late or lost. 1 024 slots hold more than a second of any
/// download below about 9.8 Mbit/s of 1 200-byte packets; a 10 Mbit/s download (1 042 packets a second) grows it
/// once to 2 048, about 2 s; 4 096, the size of the fixed ring this replaces, stays the ceiling, and past it the
/// oldest entries are overwritten as they always were. A download settles at the size its packet rate needs after
/// at most two growths and then allocates nothing.
/// </para>
/// </summary>
public sealed class SentPacketHistory
{
    public const int InitialCapacity = 1 << 10;
    public const int MaxCapacity = 1 << 12;

    /// <summary>How long a sent packet is kept, at least, while the ring may still grow.</summary>
    public const long RetentionUs = 1_000_000;

    private Entry[]? _entries;

    /// <summary>Slots allocated now: 0 until the first packet is sent, then between the initial and the maximum capacity.</summary>
    public int CurrentCapacity => _entries?.Length ?? 0;

    public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, long sendTimeUs)
    {
        Entry[] entries = _entries ??= new Entry[InitialCapacity];
        ref Entry slot = ref entries[transportSequenceNumber & (entries.Length - 1)];
        if (entries.Length < MaxCapacity && slot.Used && slot.SequenceNumber != transportSequenceNumber
            && sendTimeUs - slot.SendTimeUs < RetentionUs)
        {
            entries = Grow(entries);
            slot = ref entries[transportSequenceNumber & (entries.Length - 1)];
        }

        slot = new Entry(sendTimeUs, sizeBytes, transportSequenceNumber, Used: true, Reported: false);
    }

    /// <summary>
    /// Finds a sent packet that no feedback reported as received yet; marks it reported when asked, so a
    /// packet is counted once even if two feedback packets mention it.
    /// </summary>
    public bool TryGet(ushort transportSequenceNumber, out long sendTimeUs, out int sizeBytes, bool markReceived)
    {
        sendTimeUs = 0;
        sizeBytes = 0;
        if (_entries is not { } entries)
        {
            return false;
        }

        ref Entry entry = ref entries[transportSequenceNumber & (entries.Length - 1)];
        if (!entry.Used || entry.SequenceNumber != transportSequenceNumber || entry.Reported)
        {
            return false;
        }

        sendTimeUs = entry.SendTimeUs;
        sizeBytes = entry.SizeBytes;
        if (markReceived)
        {
            entry = entry with { Reported = true };
        }

        return true;
    }

    /// <summary>
    /// Doubles the ring and moves every entry to the slot of its number in the larger one. Entries of the smaller
    /// ring differ in their low bits, so they differ in one more low bit too: no two land in the same slot.
    /// </summary>
    private Entry[] Grow(Entry[] entries)
    {
        var larger = new Entry[entries.Length * 2];
        foreach (Entry entry in entries)
        {
            if (entry.Used)
            {
                larger[entry.SequenceNumber & (larger.Length - 1)] = entry;
            }
        }

        _entries = larger;
        return larger;
    }

    // Widest fields first: 16 bytes a slot instead of 24.
    private readonly record struct Entry(long SendTimeUs, int SizeBytes, ushort SequenceNumber, bool Used, bool Reported);
}
