using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>
/// The estimator eats whatever transport-cc feedback a browser (or an attacker) sends: seeded mutations of the
/// committed transport-cc samples, about packets we did send, must never throw nor push the estimate outside
/// [floor, MAX_BITRATE_OUT].
/// </summary>
public class BandwidthEstimatorMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 96;

    [Fact]
    public void Mutated_feedback_never_throws_and_keeps_the_estimate_in_bounds()
    {
        byte[][] samples = Corpus.Load("Rtcp/Corpus")
            .Where(sample => sample.Name.StartsWith("chrome-transport-cc", StringComparison.Ordinal) || sample.Name.StartsWith("transport-cc", StringComparison.Ordinal))
            .Select(sample => sample.Bytes)
            .ToArray();
        samples.Should().NotBeEmpty();
        var settings = new BandwidthEstimatorSettings(MaxBitrate: 3_000_000, MinBitrate: 50_000);
        var estimator = new SendSideBandwidthEstimator(settings);
        var mutator = new PacketMutator(Seed);
        byte[] buffer = new byte[2048];
        long nowUs = 0;
        int parsed = 0;

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            int length = mutator.Mutate(samples[iteration % samples.Length], buffer);
            try
            {
                if (!RtcpTransportFeedback.TryParse(buffer.AsSpan(0, length), out RtcpTransportFeedback feedback))
                {
                    continue;
                }

                parsed++;
                for (int i = 0; i < 64; i++)
                {
                    // Pretend we sent what the feedback talks about, a little before.
                    estimator.OnPacketSent((ushort)(feedback.BaseSequenceNumber + i), 1200, nowUs - 50_000 + i * 500);
                }

                nowUs += 10_000;
                estimator.OnTransportFeedback(feedback, nowUs);
                if (estimator.AvailableBitrate < settings.MinBitrate || estimator.AvailableBitrate > settings.MaxBitrate)
                {
                    Assert.Fail($"Iteration {iteration}: estimate {estimator.AvailableBitrate} out of bounds.");
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} threw on {Hex.Format(buffer.AsSpan(0, length))}: {exception}");
            }
        }

        parsed.Should().BeGreaterThan(Mutations / 20);
    }
}
