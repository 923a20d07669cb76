namespace Sfu.Transport.Rtcp;

/// <summary>
/// Packs lost sequence numbers into NACK items one at a time: a number within 16 after the open item's PID
/// sets a BLP bit, a repeat of the PID is dropped, any other number closes the open item and starts a new one.
/// </summary>
internal struct RtcpNackItemPacker
{
    private ushort _packetId;
    private ushort _bitmask;
    private bool _open;

    /// <summary>Adds a number; returns true with the closed item when the number started a new one.</summary>
    public bool Add(ushort sequenceNumber, out RtcpNackItem closed)
    {
        closed = default;
        int distance = (ushort)(sequenceNumber - _packetId);
        if (_open && distance == 0)
        {
            return false;
        }

        if (_open && distance <= 16)
        {
            _bitmask |= (ushort)(1 << (distance - 1));
            return false;
        }

        bool closedOne = _open;
        closed = new RtcpNackItem(_packetId, _bitmask);
        _packetId = sequenceNumber;
        _bitmask = 0;
        _open = true;
        return closedOne;
    }

    /// <summary>Closes the last item, if any.</summary>
    public bool TryClose(out RtcpNackItem closed)
    {
        closed = new RtcpNackItem(_packetId, _bitmask);
        bool wasOpen = _open;
        _open = false;
        return wasOpen;
    }
}
