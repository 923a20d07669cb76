using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtcp.Support;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

/// <summary>
/// Seeded mutations of the RTCP corpus read as compound datagrams: nothing may throw, and every packet a typed
/// parser accepts must come back with the same fields after a trip through its writer.
/// </summary>
public class RtcpMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 3611;

    [Fact]
    public void Mutated_compound_packets_never_throw_and_accepted_ones_round_trip()
    {
        IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load("Rtcp/Corpus");
        var mutator = new PacketMutator(Seed);
        byte[] buffer = new byte[2048];
        byte[] rewritten = new byte[4096];
        int accepted = 0;

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            (string name, byte[] sample) = corpus[iteration % corpus.Count];
            int length = mutator.Mutate(sample, buffer);
            try
            {
                ReadOnlySpan<byte> datagram = buffer.AsSpan(0, length);
                _ = RtcpCompoundReader.IsWellFormed(datagram);
                foreach (RtcpPacket packet in new RtcpCompoundReader(datagram))
                {
                    string? failure = Check(packet, rewritten, ref accepted);
                    if (failure is not null)
                    {
                        Assert.Fail($"Iteration {iteration} ({name}), {packet.Kind}: {failure} in {Hex.Format(datagram)}");
                    }
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} ({name}) threw on {Hex.Format(buffer.AsSpan(0, length))}: {exception}");
            }
        }

        accepted.Should().BeGreaterThan(Mutations / 4, "mutations must also reach the typed parsers' success paths");
    }

    private static string? Check(RtcpPacket packet, byte[] rewritten, ref int accepted)
    {
        _ = packet.Body.Length + packet.Count;
        string? description = RtcpDescription.Describe(packet);
        if (description is null)
        {
            return null;
        }

        accepted++;
        if (packet.Kind == RtcpPacketKind.TransportFeedback)
        {
            RtcpTransportFeedback.TryParse(packet, out RtcpTransportFeedback feedback);
            return TransportFeedbackDescription.CheckRoundTrip(feedback);
        }

        int length = RtcpDescription.Rewrite(packet, rewritten);
        if (!RtcpPacket.TryParse(rewritten.AsSpan(0, length), out RtcpPacket again) || again.Length != length)
        {
            return "the rewritten packet does not parse";
        }

        string? againDescription = RtcpDescription.Describe(again);
        return againDescription == description ? null : $"{description} became {againDescription}";
    }
}
