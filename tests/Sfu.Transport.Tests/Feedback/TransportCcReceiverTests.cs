using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Tests.Feedback;

public class TransportCcReceiverTests
{
    private const uint SenderSsrc = 0;

    [Fact]
    public void Feedback_is_due_100_ms_after_the_first_arrival_and_reports_every_packet()
    {
        var receiver = new TransportCcReceiver { MediaSsrc = 0x0A0B_0C0D };
        for (int i = 0; i < 10; i++)
        {
            receiver.OnPacket((ushort)(100 + i), 1_000_000 + i * 5_000);
        }

        receiver.IsFeedbackDue(1_099_999).Should().BeFalse();
        receiver.IsFeedbackDue(1_100_000).Should().BeTrue();

        List<TransportFeedbackPacketStatus> statuses = WriteAndRead(receiver, 1_100_000, out byte count, out uint mediaSsrc);
        count.Should().Be(0);
        mediaSsrc.Should().Be(0x0A0B_0C0D);
        statuses.Select(s => (int)s.SequenceNumber).Should().Equal(Enumerable.Range(100, 10));
        statuses.Should().OnlyContain(s => s.IsReceived);
        statuses.Skip(1).Should().OnlyContain(s => s.DeltaMicroseconds == 5_000);
        receiver.PendingCount.Should().Be(0);
        receiver.IsFeedbackDue(1_300_000).Should().BeFalse("nothing is waiting");
    }

    [Fact]
    public void Missing_numbers_are_reported_as_not_received()
    {
        var receiver = new TransportCcReceiver();
        receiver.OnPacket(1, 0);
        receiver.OnPacket(4, 1_000);

        List<TransportFeedbackPacketStatus> statuses = WriteAndRead(receiver, 100_000, out _, out _);
        statuses.Select(s => s.IsReceived).Should().Equal(true, false, false, true);
    }

    [Fact]
    public void Reordered_packets_are_reported_in_sequence_order_with_their_own_arrival_times()
    {
        var receiver = new TransportCcReceiver();
        receiver.OnPacket(10, 0);
        receiver.OnPacket(12, 1_000);
        receiver.OnPacket(11, 3_000);

        List<TransportFeedbackPacketStatus> statuses = WriteAndRead(receiver, 100_000, out _, out _);
        statuses.Select(s => (int)s.SequenceNumber).Should().Equal(10, 11, 12);
        statuses.Select(s => s.DeltaMicroseconds).Skip(1).Should().Equal(3_000, -2_000);
    }

    [Fact]
    public void Sequence_numbers_wrapping_past_65535_stay_in_one_feedback()
    {
        var receiver = new TransportCcReceiver();
        foreach (ushort sequence in new ushort[] { 65534, 65535, 0, 1 })
        {
            receiver.OnPacket(sequence, 10_000);
        }

        List<TransportFeedbackPacketStatus> statuses = WriteAndRead(receiver, 200_000, out _, out _);
        statuses.Select(s => (int)s.SequenceNumber).Should().Equal(65534, 65535, 0, 1);
    }

    [Fact]
    public void A_packet_arriving_after_its_number_was_reported_is_ignored()
    {
        var receiver = new TransportCcReceiver();
        receiver.OnPacket(1, 0);
        receiver.OnPacket(3, 0);
        WriteAndRead(receiver, 100_000, out _, out _);

        receiver.OnPacket(2, 120_000);
        receiver.OnPacket(3, 120_000);

        receiver.PendingCount.Should().Be(0);
        receiver.IgnoredCount.Should().Be(2);
    }

    [Fact]
    public void Each_feedback_starts_with_the_last_arrival_of_the_previous_one_so_losses_between_them_are_reported()
    {
        var receiver = new TransportCcReceiver();
        receiver.OnPacket(1, 0);
        receiver.OnPacket(2, 1_000);
        WriteAndRead(receiver, 100_000, out _, out _);

        receiver.OnPacket(5, 110_000);
        receiver.PendingCount.Should().Be(1);

        List<TransportFeedbackPacketStatus> statuses = WriteAndRead(receiver, 200_000, out _, out _);
        statuses.Select(s => (int)s.SequenceNumber).Should().Equal(2, 3, 4, 5);
        statuses.Select(s => s.IsReceived).Should().Equal(true, false, false, true);
    }

    [Fact]
    public void Duplicates_are_reported_once()
    {
        var receiver = new TransportCcReceiver();
        receiver.OnPacket(7, 0);
        receiver.OnPacket(7, 10);
        receiver.PendingCount.Should().Be(1);
    }

    [Fact]
    public void A_full_feedback_packet_worth_of_arrivals_is_due_at_once()
    {
        var receiver = new TransportCcReceiver();
        for (int i = 0; i < TransportCcReceiver.ArrivalsPerFeedback; i++)
        {
            receiver.OnPacket((ushort)i, i * 10);
        }

        receiver.IsFeedbackDue(TransportCcReceiver.ArrivalsPerFeedback * 10).Should().BeTrue("long before 100 ms");
        WriteAndRead(receiver, 3_000, out _, out _).Should().HaveCount(TransportCcReceiver.ArrivalsPerFeedback);
    }

    [Fact]
    public void The_feedback_packet_count_increments_with_each_packet()
    {
        var receiver = new TransportCcReceiver();
        for (int round = 0; round < 3; round++)
        {
            receiver.OnPacket((ushort)round, round * 100_000);
            WriteAndRead(receiver, (round + 1) * 100_000, out byte count, out _);
            count.Should().Be((byte)round);
        }

        receiver.FeedbackPacketsWritten.Should().Be(3);
    }

    [Fact]
    public void A_destination_too_small_for_everything_is_filled_and_the_rest_waits()
    {
        var receiver = new TransportCcReceiver();
        for (int i = 0; i < 100; i++)
        {
            receiver.OnPacket((ushort)(i * 2), i * 20_000); // every other number lost, large deltas
        }

        byte[] small = new byte[64];
        receiver.TryWriteFeedback(small, SenderSsrc, 0, out int length).Should().BeTrue();
        length.Should().BeLessThanOrEqualTo(64);
        receiver.PendingCount.Should().BeGreaterThan(0).And.BeLessThan(100);
    }

    [Fact]
    public void A_receiver_that_never_got_a_packet_holds_no_arrival_buffers()
    {
        var receiver = new TransportCcReceiver();

        receiver.IsFeedbackDue(1_000_000).Should().BeFalse();
        receiver.TryWriteFeedback(new byte[1500], SenderSsrc, 1_000_000, out _).Should().BeFalse();
        receiver.CurrentCapacity.Should().Be(0);
    }

    [Fact]
    public void The_first_arrival_allocates_one_feedback_packets_worth()
    {
        var receiver = new TransportCcReceiver();

        receiver.OnPacket(1, 0);

        receiver.CurrentCapacity.Should().Be(TransportCcReceiver.ArrivalsPerFeedback);
    }

    [Fact]
    public void Arrivals_piling_up_past_one_feedback_packets_worth_grow_the_buffers_and_every_one_is_reported_in_order()
    {
        var receiver = new TransportCcReceiver();
        for (int i = 0; i < 600; i++)
        {
            receiver.OnPacket((ushort)(65_300 + i), i * 100);
        }

        receiver.CurrentCapacity.Should().Be(TransportCcReceiver.MaxPendingArrivals);
        receiver.PendingCount.Should().Be(600);
        var reported = new List<int>();
        while (receiver.PendingCount > 0)
        {
            List<TransportFeedbackPacketStatus> statuses = WriteAndRead(receiver, 100_000, out _, out _);
            statuses.Should().OnlyContain(s => s.IsReceived);
            reported.AddRange(statuses.Select(s => (int)s.SequenceNumber).Where(n => !reported.Contains(n)));
        }

        reported.Should().Equal(Enumerable.Range(0, 600).Select(i => (65_300 + i) & 0xFFFF));
    }

    [Fact]
    public void Past_the_pending_limit_the_oldest_arrivals_are_dropped_for_the_newest()
    {
        var receiver = new TransportCcReceiver();
        int sent = TransportCcReceiver.MaxPendingArrivals + 76;
        for (int i = 0; i < sent; i++)
        {
            receiver.OnPacket((ushort)i, i * 100);
        }

        receiver.PendingCount.Should().Be(TransportCcReceiver.MaxPendingArrivals);
        receiver.CurrentCapacity.Should().Be(TransportCcReceiver.MaxPendingArrivals);
        WriteAndRead(receiver, 200_000, out _, out _)[0].SequenceNumber.Should().Be(76);
    }

    private static List<TransportFeedbackPacketStatus> WriteAndRead(TransportCcReceiver receiver, long nowUs, out byte feedbackCount, out uint mediaSsrc)
    {
        byte[] buffer = new byte[1500];
        receiver.TryWriteFeedback(buffer, SenderSsrc, nowUs, out int length).Should().BeTrue();
        RtcpTransportFeedback.TryParse(buffer.AsSpan(0, length), out RtcpTransportFeedback feedback).Should().BeTrue();
        feedbackCount = feedback.FeedbackPacketCount;
        mediaSsrc = feedback.MediaSsrc;
        var statuses = new List<TransportFeedbackPacketStatus>();
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            statuses.Add(status);
        }

        return statuses;
    }
}
