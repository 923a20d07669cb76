namespace Sfu.Transport.Rtcp;

/// <summary>
/// One Generic NACK item (RFC 4585 §6.2.1): a lost packet id (PID) and a bitmask of following lost packets
/// (BLP), bit i meaning PID + i + 1 is lost too, so one item names up to 17 packets.
/// </summary>
public readonly record struct RtcpNackItem(ushort PacketId, ushort LostBitmask)
{
    public const int Length = 4;

    /// <summary>How many sequence numbers this item names (1 to 17).</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);

    /// <summary>Writes the named sequence numbers in order; returns how many were written (stops when full).</summary>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        destination[0] = PacketId;
        int written = 1;
        for (int bit = 0; bit < 16 && written < destination.Length; bit++)
        {
            if ((LostBitmask & (1 << bit)) != 0)
            {
                destination[written++] = (ushort)(PacketId + bit + 1);
            }
        }

        return written;
    }

    /// <summary>
    /// Packs lost sequence numbers into items. Numbers in RTP order (wrapping at 65535) give the fewest items;
    /// a number within 16 after the current item's PID joins it, any other starts a new item, and repeats of a
    /// PID are dropped. Returns false if <paramref name="items"/> is too small.
    /// </summary>
    public static bool TryBuild(ReadOnlySpan<ushort> lostSequenceNumbers, Span<RtcpNackItem> items, out int count)
    {
        count = 0;
        var packer = new RtcpNackItemPacker();
        foreach (ushort sequenceNumber in lostSequenceNumbers)
        {
            if (packer.Add(sequenceNumber, out RtcpNackItem closed) && !TryAppend(items, ref count, closed))
            {
                return false;
            }
        }

        return !packer.TryClose(out RtcpNackItem last) || TryAppend(items, ref count, last);
    }

    private static bool TryAppend(Span<RtcpNackItem> items, ref int count, RtcpNackItem item)
    {
        if (count == items.Length)
        {
            return false;
        }

        items[count++] = item;
        return true;
    }
}
