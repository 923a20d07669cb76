using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>Keeps a copy of every RTP packet a loop sends, and can swallow the next one, to replay or forge it later.</summary>
internal sealed class CapturingFilter : IPacketSendFilter
{
    public List<byte[]> Captured { get; } = [];

    public bool SwallowNext { get; set; }

    public bool ShouldDrop(ReadOnlySpan<byte> packet, in TransportTuple remote)
    {
        if (PacketClassifier.Classify(packet) != PacketKind.Rtp)
        {
            return false;
        }

        Captured.Add(packet.ToArray());
        bool swallow = SwallowNext;
        SwallowNext = false;
        return swallow;
    }
}
