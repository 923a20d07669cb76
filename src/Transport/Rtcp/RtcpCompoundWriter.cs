namespace Sfu.Transport.Rtcp;

/// <summary>
/// Lays RTCP packets end to end into one datagram. Each packet type writes itself into <see cref="Free"/>
/// and the writer then takes it with <see cref="TryCommit"/>, which checks that it is one whole packet:
/// <code>
/// var compound = new RtcpCompoundWriter(buffer);
/// _ = RtcpSenderReport.TryWrite(compound.Free, ssrc, info, blocks, out int n) &amp;&amp; compound.TryCommit(n);
/// </code>
/// </summary>
public ref struct RtcpCompoundWriter
{
    private readonly Span<byte> _destination;
    private int _length;

    public RtcpCompoundWriter(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
    }

    public readonly int Length => _length;

    /// <summary>The room left after the packets already committed.</summary>
    public readonly Span<byte> Free => _destination[_length..];

    /// <summary>The datagram so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination[.._length];

    /// <summary>Takes the packet just written at the start of <see cref="Free"/>, if it is exactly one RTCP packet.</summary>
    public bool TryCommit(int packetLength)
    {
        if (packetLength <= 0 || packetLength > Free.Length
            || !RtcpPacket.TryParse(Free[..packetLength], out RtcpPacket packet) || packet.Length != packetLength)
        {
            return false;
        }

        _length += packetLength;
        return true;
    }

    /// <summary>Copies an already built packet in.</summary>
    public bool TryAppend(scoped ReadOnlySpan<byte> packet)
    {
        if (packet.Length > Free.Length)
        {
            return false;
        }

        packet.CopyTo(Free);
        return TryCommit(packet.Length);
    }
}
