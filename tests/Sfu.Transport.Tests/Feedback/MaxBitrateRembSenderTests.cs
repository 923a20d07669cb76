using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class MaxBitrateRembSenderTests
{
    [Fact]
    public void The_first_packet_makes_a_remb_due_and_then_every_one_and_a_half_seconds_while_packets_arrive()
    {
        var remb = new MaxBitrateRembSender(10_000_000);
        byte[] buffer = new byte[64];
        remb.IsDue(0).Should().BeFalse("no packet arrived yet");

        remb.OnPacket();
        remb.IsDue(0).Should().BeTrue();
        remb.TryWrite(buffer, 0, out _).Should().BeTrue();

        remb.OnPacket();
        remb.IsDue(1499).Should().BeFalse();
        remb.IsDue(1500).Should().BeTrue();
    }

    [Fact]
    public void No_remb_is_due_when_no_packet_arrived_since_the_last_one()
    {
        var remb = new MaxBitrateRembSender(10_000_000);
        remb.OnPacket();
        remb.TryWrite(new byte[64], 0, out _);

        remb.IsDue(5000).Should().BeFalse();
    }

    [Fact]
    public void The_remb_carries_max_bitrate_in_with_sender_ssrc_zero_and_no_ssrc_list()
    {
        var remb = new MaxBitrateRembSender(10_000_000);
        byte[] buffer = new byte[64];
        remb.OnPacket();

        remb.TryWrite(buffer, 0, out int length).Should().BeTrue();

        RtcpRemb.TryParse(buffer.AsSpan(0, length), out RtcpRemb parsed).Should().BeTrue();
        parsed.SenderSsrc.Should().Be(0);
        parsed.SsrcCount.Should().Be(0);
        parsed.Bitrate.Should().BeInRange(10_000_000 - 64, 10_000_000, "the mantissa may drop low bits");
    }
}
