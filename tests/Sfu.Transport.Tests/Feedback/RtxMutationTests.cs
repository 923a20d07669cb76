using Sfu.Transport.Feedback;
using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>
/// Seeded mutations of the RTX corpus: decapsulation never throws, and whatever it restores, encapsulated again
/// with the same RTX SSRC, payload type and sequence number, gives back the mutated packet minus its padding.
/// </summary>
public class RtxMutationTests
{
    private const int Mutations = 100_000;
    private const int Seed = 4588;

    [Fact]
    public void Mutated_rtx_packets_never_throw_and_restored_ones_round_trip()
    {
        IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load("Feedback/Corpus/Rtx");
        var mutator = new PacketMutator(Seed);
        byte[] buffer = new byte[2048];
        byte[] expected = new byte[2048];
        byte[] again = new byte[2048];
        int restoredCount = 0;

        for (int iteration = 0; iteration < Mutations; iteration++)
        {
            (string name, byte[] sample) = corpus[iteration % corpus.Count];
            int length = mutator.Mutate(sample, buffer);
            try
            {
                int expectedLength = ExpectedRtxWithoutPadding(buffer, length, expected, out uint rtxSsrc, out byte rtxType, out ushort rtxSequence);
                if (RtxDecapsulator.TryDecapsulate(buffer, length, 96, 0xABCD, out int restored) != RtxDecapsulation.Restored)
                {
                    continue;
                }

                restoredCount++;
                var rtx = new RtxEncapsulator(rtxSsrc, rtxType, rtxSequence);
                if (!rtx.TryEncapsulate(buffer.AsSpan(0, restored), again, out int againLength)
                    || !again.AsSpan(0, againLength).SequenceEqual(expected.AsSpan(0, expectedLength)))
                {
                    Assert.Fail($"Iteration {iteration} ({name}): re-encapsulation differs: {Hex.Format(again.AsSpan(0, againLength))} vs {Hex.Format(expected.AsSpan(0, expectedLength))}");
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"Iteration {iteration} ({name}) threw on {Hex.Format(buffer.AsSpan(0, length))}: {exception}");
            }
        }

        restoredCount.Should().BeGreaterThan(Mutations / 10);
    }

    /// <summary>The RTX packet as it would be re-sent: padding removed, P bit cleared.</summary>
    private static int ExpectedRtxWithoutPadding(byte[] buffer, int length, byte[] expected, out uint ssrc, out byte payloadType, out ushort sequenceNumber)
    {
        ssrc = 0;
        payloadType = 0;
        sequenceNumber = 0;
        if (!RtpPacket.TryParse(buffer, length, out RtpPacket packet))
        {
            return 0;
        }

        ssrc = packet.Ssrc;
        payloadType = packet.PayloadType;
        sequenceNumber = packet.SequenceNumber;
        int withoutPadding = length - packet.PaddingLength;
        buffer.AsSpan(0, withoutPadding).CopyTo(expected);
        expected[0] = (byte)(expected[0] & ~0x20);
        return withoutPadding;
    }
}
