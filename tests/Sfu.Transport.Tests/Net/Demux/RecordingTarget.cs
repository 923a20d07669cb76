using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Net.Demux;

/// <summary>A demultiplexer target that counts what reaches it and checks that each call got the right kind.</summary>
internal sealed class RecordingTarget : IDemuxTarget
{
    public int Stun { get; private set; }

    public int Dtls { get; private set; }

    public int Rtp { get; private set; }

    public int Rtcp { get; private set; }

    public int PathsClosed { get; private set; }

    /// <summary>Calls whose packet the classifier (or the STUN parser) would not have sent to that method.</summary>
    public int Misrouted { get; private set; }

    public int Total => Stun + Dtls + Rtp + Rtcp;

    public void OnStun(in StunMessage message, PacketChannel channel, in TransportTuple remote)
    {
        Stun++;
        if (!StunMessage.TryParse(message.Bytes, out _))
        {
            Misrouted++;
        }
    }

    public void OnDtls(ReadOnlySpan<byte> datagram, PacketChannel channel, in TransportTuple remote)
    {
        Dtls++;
        Check(datagram, PacketKind.Dtls);
    }

    public void OnRtp(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
    {
        Rtp++;
        Check(packet, PacketKind.Rtp);
    }

    public void OnRtcp(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
    {
        Rtcp++;
        Check(packet, PacketKind.Rtcp);
    }

    public void OnPathClosed(in TransportTuple remote) => PathsClosed++;

    private void Check(ReadOnlySpan<byte> packet, PacketKind expected)
    {
        if (PacketClassifier.Classify(packet) != expected)
        {
            Misrouted++;
        }
    }
}
