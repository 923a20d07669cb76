using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtcp.Support;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

/// <summary>
/// Seeded mutations of transport-cc feedback packets, from the corpus and from the builder: the parser must
/// never throw, its status walk must agree with its own counts, and the arrivals it reports must survive a
/// trip through the builder.
/// </summary>
public class TransportFeedbackMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 15;

    private static List<byte[]> Seeds()
    {
        var seeds = Corpus.Load("Rtcp/Corpus")
            .Where(sample => RtcpTransportFeedback.TryParse(sample.Bytes, out _))
            .Select(sample => sample.Bytes)
            .ToList();

        // Builder output mixing every chunk kind, so that mutations start from what the server itself sends.
        var random = new Random(Seed);
        var arrivals = new List<TransportFeedbackArrival>();
        ushort sequence = 65_530;
        long time = 1_000_000;
        for (int i = 0; i < 60; i++)
        {
            sequence += (ushort)(random.Next(6) == 0 ? random.Next(2, 30) : 1);
            time += 250 * (random.Next(8) == 0 ? random.Next(-40, 2000) : random.Next(0, 20));
            arrivals.Add(new TransportFeedbackArrival(sequence, time));
        }

        byte[] built = new byte[400];
        RtcpTransportFeedbackBuilder.TryWrite(built, 1, 2, 3, arrivals.ToArray(), out int length, out _).Should().BeTrue();
        seeds.Add(built[..length]);
        seeds.Should().HaveCountGreaterThanOrEqualTo(4);
        return seeds;
    }

    [Fact]
    public void Mutated_feedback_never_throws_and_accepted_feedback_round_trips()
    {
        List<byte[]> seeds = Seeds();
        var mutator = new PacketMutator(Seed);
        byte[] buffer = new byte[2048];
        int accepted = 0;

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            byte[] sample = seeds[iteration % seeds.Count];
            int length = mutator.Mutate(sample, buffer);
            try
            {
                if (!RtcpTransportFeedback.TryParse(buffer.AsSpan(0, length), out RtcpTransportFeedback feedback))
                {
                    continue;
                }

                accepted++;
                string? failure = TransportFeedbackDescription.CheckRoundTrip(feedback);
                if (failure is not null)
                {
                    Assert.Fail($"Iteration {iteration}: {failure} in {Hex.Format(buffer.AsSpan(0, length))}");
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} threw on {Hex.Format(buffer.AsSpan(0, length))}: {exception}");
            }
        }

        accepted.Should().BeGreaterThan(Mutations / 10);
    }
}
