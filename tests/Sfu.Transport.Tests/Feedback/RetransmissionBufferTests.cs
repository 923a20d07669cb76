using Sfu.Transport.Feedback;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.Feedback;

public class RetransmissionBufferTests
{
    private const int Rtt = 100;

    [Fact]
    public void A_nacked_packet_is_served_as_rtx_with_the_original_sequence_number_in_the_payload()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(500, [1, 2, 3], 0), 1000).Should().BeTrue();
        var rtx = new RtxEncapsulator(0x2222, 97, 7000);
        byte[] destination = new byte[1500];

        buffer.TryWriteRetransmission(500, 1050, Rtt, rtx, destination, out int length).Should().BeTrue();

        RtpPacket.TryParse(destination, length, out RtpPacket packet).Should().BeTrue();
        packet.Ssrc.Should().Be(0x2222);
        packet.PayloadType.Should().Be(97);
        packet.SequenceNumber.Should().Be(7000);
        packet.Payload.ToArray().Should().Equal(0x01, 0xF4, 1, 2, 3);
    }

    [Fact]
    public void A_packet_is_not_resent_twice_within_one_rtt()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(500, [1], 0), 1000);

        buffer.TryGetForResend(500, 1010, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(500, 1060, Rtt, out _).Should().Be(RetransmissionLookup.ResentWithinRtt);
        buffer.TryGetForResend(500, 1110, Rtt, out ReadOnlySpan<byte> packet).Should().Be(RetransmissionLookup.Resend);
        packet.Length.Should().Be(RtxTests.Media(500, [1], 0).Length);
    }

    [Fact]
    public void Packets_older_than_the_maximum_age_are_not_resent()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(MaxAgeMs: 1000));
        buffer.Store(RtxTests.Media(1, [1], 0), 1000);

        buffer.TryGetForResend(1, 2000, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(1, 2101, Rtt, out _).Should().Be(RetransmissionLookup.TooOld);
    }

    [Fact]
    public void A_slot_reused_by_a_newer_packet_no_longer_answers_for_the_old_number()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(Capacity: 4));
        buffer.Store(RtxTests.Media(1, [1], 0), 0);
        buffer.Store(RtxTests.Media(5, [5], 0), 10);

        buffer.TryGetForResend(1, 20, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
        buffer.TryGetForResend(5, 20, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        buffer.Count.Should().Be(1);
    }

    [Fact]
    public void Numbers_across_the_wrap_are_kept_apart()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(65535, [1], 0), 0);
        buffer.Store(RtxTests.Media(0, [2], 0), 0);

        buffer.TryGetForResend(65535, 10, Rtt, out ReadOnlySpan<byte> last).Should().Be(RetransmissionLookup.Resend);
        buffer.TryGetForResend(0, 10, Rtt, out ReadOnlySpan<byte> first).Should().Be(RetransmissionLookup.Resend);
        last[^1].Should().Be(1);
        first[^1].Should().Be(2);
    }

    [Fact]
    public void A_packet_larger_than_a_slot_is_not_stored()
    {
        var buffer = new RetransmissionBuffer(new RetransmissionBufferSettings(SlotSize: 40));
        buffer.Store(RtxTests.Media(1, new byte[64], 0), 0).Should().BeFalse();
        buffer.TryGetForResend(1, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void Clearing_the_buffer_forgets_every_packet()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(RtxTests.Media(1, [1], 0), 0);
        buffer.Clear();

        buffer.Count.Should().Be(0);
        buffer.TryGetForResend(1, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void Never_stored_numbers_are_not_found()
    {
        new RetransmissionBuffer().TryGetForResend(42, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }
}
