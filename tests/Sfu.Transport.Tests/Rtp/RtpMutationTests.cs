using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtp;

/// <summary>
/// Seeded mutations of the corpus: the parser must never throw, and whatever it accepts must survive a trip
/// through the writer with every field intact.
/// </summary>
public class RtpMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 3550;

    [Fact]
    public void Mutated_packets_never_throw_and_accepted_ones_round_trip()
    {
        IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load("Rtp/Corpus");
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
                if (!RtpPacket.TryParse(buffer, length, out RtpPacket packet))
                {
                    continue;
                }

                accepted++;
                string description = RtpDescription.Describe(packet);
                int rewrittenLength = RtpDescription.Rewrite(packet, rewritten);
                if (!RtpPacket.TryParse(rewritten, rewrittenLength, out RtpPacket reparsed))
                {
                    Assert.Fail($"Iteration {iteration} ({name}): the rewritten packet does not parse.");
                }

                string again = RtpDescription.Describe(reparsed);
                if (again != description)
                {
                    Assert.Fail($"Iteration {iteration} ({name}): {description} became {again}.");
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} ({name}) threw on {Hex.Format(buffer.AsSpan(0, length))}: {exception}");
            }
        }

        accepted.Should().BeGreaterThan(Mutations / 10, "mutations must also reach the code behind the header checks");
    }
}
