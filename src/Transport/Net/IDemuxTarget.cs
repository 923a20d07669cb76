using Sfu.Transport.Stun;

namespace Sfu.Transport.Net;

/// <summary>
/// A transport reachable through a <see cref="MediaDemultiplexer"/>: STUN arrives by local ufrag, everything
/// else only from tuples the target bound after ICE validated them. Called on the worker's thread; spans are
/// valid during the call only.
/// </summary>
public interface IDemuxTarget
{
    void OnStun(in StunMessage message, PacketChannel channel, in TransportTuple remote);

    void OnDtls(ReadOnlySpan<byte> datagram, PacketChannel channel, in TransportTuple remote);

    /// <summary>An SRTP packet, writable so that it can be decrypted in place.</summary>
    void OnRtp(Span<byte> packet, PacketChannel channel, in TransportTuple remote);

    /// <summary>An SRTCP packet, writable so that it can be decrypted in place.</summary>
    void OnRtcp(Span<byte> packet, PacketChannel channel, in TransportTuple remote);

    /// <summary>A tuple bound to this target can carry nothing more (its TCP connection closed).</summary>
    void OnPathClosed(in TransportTuple remote);
}
