using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>
/// Loses a seeded share of the handshake traffic (STUN and DTLS) on a loop's send path; media passes. Runs on
/// the loop thread only, so the sequence of decisions is fixed by the seed.
/// </summary>
internal sealed class HandshakeLossFilter(int seed, double lossRate) : IPacketSendFilter
{
    private readonly Random random = new(seed);
    private int dropped;
    private int passed;

    public int Dropped => Volatile.Read(ref dropped);

    public int Passed => Volatile.Read(ref passed);

    public bool ShouldDrop(ReadOnlySpan<byte> packet, in TransportTuple remote)
    {
        if (PacketClassifier.Classify(packet) is not (PacketKind.Stun or PacketKind.Dtls))
        {
            return false;
        }

        if (random.NextDouble() < lossRate)
        {
            dropped++;
            return true;
        }

        passed++;
        return false;
    }
}
