namespace Sfu.Transport.Net;

/// <summary>
/// Takes what a <see cref="PacketChannel"/> receives: a UDP datagram or one RFC 4571 frame. Called on the
/// worker's thread; the packet span is the worker's receive buffer, writable (SRTP decrypts in place) and valid
/// only during the call.
/// </summary>
public interface IPacketReceiver
{
    void OnPacket(Span<byte> packet, PacketChannel channel, in TransportTuple remote);

    /// <summary>The channel closed (a TCP peer went away); <paramref name="remote"/> is its peer, default for UDP.</summary>
    void OnChannelClosed(PacketChannel channel, in TransportTuple remote);

    /// <summary>
    /// A hint that a packet from <paramref name="remote"/> comes next, while the one before is being handled: the
    /// receiver may start loading what that packet will need (<see cref="CachePrefetch"/>) and must change nothing.
    /// </summary>
    void Prefetch(in TransportTuple remote)
    {
    }
}

/// <summary>
/// Decides, on the send path, whether a packet is lost on the way: a test hook that simulates a lossy network
/// deterministically. Runs on the worker's thread.
/// </summary>
public interface IPacketSendFilter
{
    bool ShouldDrop(ReadOnlySpan<byte> packet, in TransportTuple remote);
}
