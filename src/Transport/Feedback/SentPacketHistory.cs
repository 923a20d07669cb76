namespace Sfu.Transport.Feedback;

/// <summary>
/// What a download transport sent, by transport-wide sequence number: send time (µs) and size, so that the
/// browser's transport-cc feedback can be matched to it. A ring of 2^12 slots indexed by the number's low bits
/// (4 096 packets is four seconds of a 10 Mbit/s download, far longer than feedback takes to come back: every
/// 100 ms or so).
/// </summary>
public sealed class SentPacketHistory
{
    public const int Capacity = 1 << 12;
    private const int Mask = Capacity - 1;

    private readonly Entry[] _entries = new Entry[Capacity];

    public void OnPacketSent(ushort transportSequenceNumber, int sizeBytes, long sendTimeUs) =>
        _entries[transportSequenceNumber & Mask] = new Entry(sendTimeUs, sizeBytes, transportSequenceNumber, Used: true, Reported: false);

    /// <summary>
    /// Finds a sent packet that no feedback reported as received yet; marks it reported when asked, so a
    /// packet is counted once even if two feedback packets mention it.
    /// </summary>
    public bool TryGet(ushort transportSequenceNumber, out long sendTimeUs, out int sizeBytes, bool markReceived)
    {
        ref Entry entry = ref _entries[transportSequenceNumber & Mask];
        if (!entry.Used || entry.SequenceNumber != transportSequenceNumber || entry.Reported)
        {
            sendTimeUs = 0;
            sizeBytes = 0;
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

    // Widest fields first: 16 bytes a slot instead of 24, 64 KiB per download transport.
    private readonly record struct Entry(long SendTimeUs, int SizeBytes, ushort SequenceNumber, bool Used, bool Reported);
}
