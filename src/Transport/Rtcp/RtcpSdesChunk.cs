namespace Sfu.Transport.Rtcp;

/// <summary>One SDES chunk: an SSRC or CSRC and its items (RFC 3550 §6.5), already checked by the parser.</summary>
public readonly ref struct RtcpSdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    internal RtcpSdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    public uint Ssrc { get; }

    /// <summary>The items, in order, up to the end-of-list marker.</summary>
    public ItemEnumerator Items => new(_items);

    public bool TryGetItem(RtcpSdesItemType type, out ReadOnlySpan<byte> text)
    {
        foreach (RtcpSdesItem item in Items)
        {
            if (item.Type == type)
            {
                text = item.Text;
                return true;
            }
        }

        text = ReadOnlySpan<byte>.Empty;
        return false;
    }

    /// <summary>The CNAME, which RFC 3550 §6.5.1 makes mandatory in every compound packet's SDES.</summary>
    public bool TryGetCanonicalName(out ReadOnlySpan<byte> cname) => TryGetItem(RtcpSdesItemType.CanonicalName, out cname);

    public ref struct ItemEnumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _offset;
        private RtcpSdesItem _current;

        internal ItemEnumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _offset = 0;
            _current = default;
        }

        public readonly RtcpSdesItem Current => _current;

        public readonly ItemEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            // The parser has checked every item against the chunk; the span holds items only, no terminator.
            if (_offset + 2 > _items.Length)
            {
                return false;
            }

            int length = _items[_offset + 1];
            _current = new RtcpSdesItem((RtcpSdesItemType)_items[_offset], _items.Slice(_offset + 2, length));
            _offset += 2 + length;
            return true;
        }
    }
}
