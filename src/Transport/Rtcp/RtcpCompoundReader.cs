namespace Sfu.Transport.Rtcp;

/// <summary>
/// Walks the packets of an RTCP datagram (a compound packet, RFC 3550 §6.1, or a single reduced-size packet,
/// RFC 5506) without allocating. Packets of types outside 200..207 are skipped. The walk stops at the first
/// packet whose header is malformed (wrong version, length past the datagram, bad padding), and
/// <see cref="IsMalformed"/> then tells the caller; the packets before it were well formed.
/// </summary>
/// <example><code>
/// foreach (RtcpPacket packet in new RtcpCompoundReader(datagram)) { ... }
/// </code></example>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _datagram;
    private int _offset;
    private RtcpPacket _current;

    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _datagram = datagram;
        _offset = 0;
        _current = default;
        IsMalformed = false;
    }

    /// <summary>Set once the walk met a packet it could not delimit; the rest of the datagram was ignored.</summary>
    public bool IsMalformed { get; private set; }

    public readonly RtcpPacket Current => _current;

    public readonly RtcpCompoundReader GetEnumerator() => this;

    /// <summary>Whether the whole datagram is a sequence of well-formed packets (RFC 3550 A.2, minus the SR/RR-first rule).</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        var reader = new RtcpCompoundReader(datagram);
        while (reader.MoveNextIncludingUnknown())
        {
        }

        return !reader.IsMalformed;
    }

    public bool MoveNext()
    {
        while (MoveNextIncludingUnknown())
        {
            if (_current.IsKnownType)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadNext(out RtcpPacket packet)
    {
        bool found = MoveNext();
        packet = found ? _current : default;
        return found;
    }

    private bool MoveNextIncludingUnknown()
    {
        if (IsMalformed || _offset >= _datagram.Length)
        {
            return false;
        }

        if (!RtcpPacket.TryParse(_datagram[_offset..], out RtcpPacket packet))
        {
            IsMalformed = true;
            return false;
        }

        _offset += packet.Length;
        _current = packet;
        return true;
    }
}
