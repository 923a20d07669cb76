using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>RFC 3711 Appendix A, row by row: which rollover counter a sequence number gets.</summary>
public sealed class SrtpPacketIndexTests
{
    [Theory]
    // highest ROC, highest s_l, received SEQ -> expected ROC
    [InlineData(0u, 100, 101, 0u)]            // just after
    [InlineData(0u, 100, 99, 0u)]             // just before
    [InlineData(5u, 100, 65500, 4u)]          // s_l < 2^15 and SEQ - s_l > 2^15: from before the wrap
    [InlineData(5u, 100, 32868, 5u)]          // SEQ - s_l = 2^15 exactly: same ROC
    [InlineData(5u, 65500, 10, 6u)]           // s_l >= 2^15 and s_l - 2^15 > SEQ: after the wrap
    [InlineData(5u, 65500, 32732, 5u)]        // s_l - 2^15 = SEQ: same ROC
    [InlineData(5u, 40000, 40001, 5u)]
    [InlineData(5u, 65535, 0, 6u)]            // the wrap itself
    public void Rollover_counter_is_the_one_closest_to_the_highest_index(uint highestRoc, int highestSequence, int sequenceNumber, uint expectedRoc)
    {
        ulong highest = ((ulong)highestRoc << 16) | (ushort)highestSequence;

        SrtpPacketIndex.TryEstimate(hasHighest: true, highest, (ushort)sequenceNumber, out ulong index).Should().BeTrue();

        SrtpPacketIndex.RolloverCounter(index).Should().Be(expectedRoc);
        (index & 0xFFFF).Should().Be((ulong)sequenceNumber);
    }

    [Fact]
    public void First_packet_of_a_stream_has_rollover_counter_zero()
    {
        SrtpPacketIndex.TryEstimate(hasHighest: false, 0, 65000, out ulong index).Should().BeTrue();

        index.Should().Be(65000UL);
    }

    [Fact]
    public void A_packet_from_before_rollover_counter_zero_has_no_index()
    {
        SrtpPacketIndex.TryEstimate(hasHighest: true, 100, 65500, out _).Should().BeFalse();
    }
}
