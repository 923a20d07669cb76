using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Builds an SDES packet chunk by chunk (RFC 3550 §6.5): <see cref="TryAddChunk"/>, then its items, then the
/// next chunk, and <see cref="TryFinish"/> to terminate and pad the last chunk and write the header.
/// </summary>
public ref struct RtcpSourceDescriptionWriter
{
    private readonly Span<byte> _destination;
    private int _offset;
    private int _chunkCount;
    private bool _chunkOpen;

    public RtcpSourceDescriptionWriter(Span<byte> destination)
    {
        _destination = destination;
        _offset = RtcpHeader.Length;
        _chunkCount = 0;
        _chunkOpen = false;
    }

    /// <summary>Writes the usual one-chunk SDES carrying only a CNAME.</summary>
    public static bool TryWriteCanonicalName(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int length)
    {
        var writer = new RtcpSourceDescriptionWriter(destination);
        length = 0;
        return writer.TryAddChunk(ssrc)
            && writer.TryAddItem(RtcpSdesItemType.CanonicalName, cname)
            && writer.TryFinish(out length);
    }

    /// <summary>Starts a chunk for this SSRC (at most 31 chunks), closing the previous one.</summary>
    public bool TryAddChunk(uint ssrc)
    {
        if (_chunkCount == RtcpHeader.MaxCount || (_chunkOpen && !TryCloseChunk()) || _offset + 4 > _destination.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_destination[_offset..], ssrc);
        _offset += 4;
        _chunkCount++;
        _chunkOpen = true;
        return true;
    }

    /// <summary>Adds an item (not End) of at most 255 bytes to the open chunk.</summary>
    public bool TryAddItem(RtcpSdesItemType type, scoped ReadOnlySpan<byte> text)
    {
        if (!_chunkOpen || type == RtcpSdesItemType.End || text.Length > byte.MaxValue || _offset + 2 + text.Length > _destination.Length)
        {
            return false;
        }

        _destination[_offset] = (byte)type;
        _destination[_offset + 1] = (byte)text.Length;
        text.CopyTo(_destination[(_offset + 2)..]);
        _offset += 2 + text.Length;
        return true;
    }

    /// <summary>Closes the last chunk and writes the header; gives the packet's length.</summary>
    public bool TryFinish(out int length)
    {
        length = 0;
        if (_chunkOpen && !TryCloseChunk())
        {
            return false;
        }

        if (!RtcpHeader.FitsLengthField(_offset) || _destination.Length < RtcpHeader.Length)
        {
            return false;
        }

        RtcpHeader.Write(_destination, _chunkCount, RtcpPacketType.SourceDescription, _offset);
        length = _offset;
        return true;
    }

    /// <summary>One null byte ends the item list, more fill up to the next word (RFC 3550 §6.5).</summary>
    private bool TryCloseChunk()
    {
        int end = (_offset + 1 + 3) & ~3;
        if (end > _destination.Length)
        {
            return false;
        }

        _destination[_offset..end].Clear();
        _offset = end;
        _chunkOpen = false;
        return true;
    }
}
