using Sfu.Transport.Feedback;
using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Feedback;

public class SentPacketLogTests
{
    private const int Rtt = 100;

    [Fact]
    public void A_nacked_number_gives_back_the_incoming_packet_and_every_value_it_was_sent_with()
    {
        var log = new SentPacketLog();
        log.Record(ForwardDecision.Forward(sequenceNumber: 700, timestamp: 90_000, pictureId: 1234, tl0PicIdx: 17), layer: 2, incomingSequenceNumber: 55, nowMs: 1000);

        log.TryGetForResend(700, 1050, Rtt, out SentPacket sent).Should().Be(RetransmissionLookup.Resend);

        sent.Layer.Should().Be(2);
        sent.IncomingSequenceNumber.Should().Be(55);
        sent.Decision.ShouldForward.Should().BeTrue();
        sent.Decision.SequenceNumber.Should().Be(700);
        sent.Decision.Timestamp.Should().Be(90_000u);
        sent.Decision.PictureId.Should().Be(1234);
        sent.Decision.Tl0PicIdx.Should().Be(17);
    }

    [Fact]
    public void A_packet_is_not_resent_twice_within_one_rtt()
    {
        var log = new SentPacketLog();
        Record(log, 500, 1000);

        log.TryGetForResend(500, 1010, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        log.TryGetForResend(500, 1060, Rtt, out _).Should().Be(RetransmissionLookup.ResentWithinRtt);
        log.TryGetForResend(500, 1110, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
    }

    [Fact]
    public void Packets_sent_longer_ago_than_the_maximum_age_are_not_resent()
    {
        var log = new SentPacketLog(new RetransmissionBufferSettings(MaxAgeMs: 1000));
        Record(log, 1, 1000);

        log.TryGetForResend(1, 2000, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        log.TryGetForResend(1, 2101, Rtt, out _).Should().Be(RetransmissionLookup.TooOld);
    }

    [Fact]
    public void Never_sent_numbers_and_slots_reused_by_newer_packets_are_not_found()
    {
        var log = new SentPacketLog(new RetransmissionBufferSettings(Capacity: 4, InitialCapacity: 4));
        Record(log, 1, 0);
        Record(log, 5, 10);

        log.TryGetForResend(1, 20, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
        log.TryGetForResend(42, 20, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
        log.TryGetForResend(5, 20, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
    }

    [Fact]
    public void Numbers_across_the_wrap_are_kept_apart()
    {
        var log = new SentPacketLog();
        log.Record(ForwardDecision.Forward(65535, 1, -1, -1), 0, 10, 0);
        log.Record(ForwardDecision.Forward(0, 2, -1, -1), 0, 11, 0);

        log.TryGetForResend(65535, 10, Rtt, out SentPacket last).Should().Be(RetransmissionLookup.Resend);
        log.TryGetForResend(0, 10, Rtt, out SentPacket first).Should().Be(RetransmissionLookup.Resend);
        last.IncomingSequenceNumber.Should().Be(10);
        first.IncomingSequenceNumber.Should().Be(11);
    }

    [Fact]
    public void A_fast_stream_grows_the_log_instead_of_losing_packets_still_young_enough_to_resend()
    {
        var log = new SentPacketLog(new RetransmissionBufferSettings(Capacity: 600, MaxAgeMs: 2000, InitialCapacity: 16));
        for (int i = 0; i < 100; i++)
        {
            log.Record(ForwardDecision.Forward((ushort)(65_500 + i), 0, -1, -1), 0, (ushort)i, 1000 + i);
        }

        log.CurrentCapacity.Should().Be(128);
        for (int i = 0; i < 100; i++)
        {
            log.TryGetForResend((ushort)(65_500 + i), 1200, Rtt, out SentPacket sent).Should().Be(RetransmissionLookup.Resend);
            sent.IncomingSequenceNumber.Should().Be((ushort)i, "each entry moved to its new slot with its own values");
        }
    }

    [Fact]
    public void A_slow_stream_keeps_its_initial_slots_and_growth_stops_at_the_configured_capacity()
    {
        var slow = new SentPacketLog(new RetransmissionBufferSettings(Capacity: 600, MaxAgeMs: 2000, InitialCapacity: 64));
        var fast = new SentPacketLog(new RetransmissionBufferSettings(Capacity: 50, MaxAgeMs: 2000, InitialCapacity: 8));
        for (int i = 0; i < 300; i++)
        {
            Record(slow, (ushort)i, i * 33);
            Record(fast, (ushort)i, 1000);
        }

        slow.CurrentCapacity.Should().Be(64, "30 packets a second never put more than 61 within the 2 s age");
        fast.CurrentCapacity.Should().Be(50);
        fast.TryGetForResend(299, 1000, Rtt, out _).Should().Be(RetransmissionLookup.Resend);
        fast.TryGetForResend(200, 1000, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    [Fact]
    public void Clearing_the_log_forgets_every_packet()
    {
        var log = new SentPacketLog();
        Record(log, 1, 0);
        log.Clear();

        log.TryGetForResend(1, 0, Rtt, out _).Should().Be(RetransmissionLookup.NotStored);
    }

    private static void Record(SentPacketLog log, ushort sequenceNumber, long nowMs) =>
        log.Record(ForwardDecision.Forward(sequenceNumber, 0, -1, -1), 0, sequenceNumber, nowMs);

    [Fact]
    public void Entries_keep_every_value_through_their_16_bytes_layer_31_and_no_tl0picidx_included()
    {
        var log = new SentPacketLog();
        log.Record(ForwardDecision.Forward(sequenceNumber: 65535, timestamp: uint.MaxValue, pictureId: 0x7FFF, tl0PicIdx: 255), layer: 31, incomingSequenceNumber: 65534, nowMs: 70_000);
        log.Record(ForwardDecision.Forward(sequenceNumber: 0, timestamp: 0, pictureId: -1, tl0PicIdx: -1), layer: 0, incomingSequenceNumber: 0, nowMs: 70_001);

        log.TryGetForResend(65535, 70_010, Rtt, out SentPacket first).Should().Be(RetransmissionLookup.Resend);
        log.TryGetForResend(0, 70_010, Rtt, out SentPacket second).Should().Be(RetransmissionLookup.Resend);

        (first.Layer, first.IncomingSequenceNumber, first.Decision.Timestamp, first.Decision.PictureId, first.Decision.Tl0PicIdx)
            .Should().Be((31, (ushort)65534, uint.MaxValue, 0x7FFF, 255));
        (second.Layer, second.IncomingSequenceNumber, second.Decision.Timestamp, second.Decision.PictureId, second.Decision.Tl0PicIdx)
            .Should().Be((0, (ushort)0, 0u, -1, -1));
    }

    [Fact]
    public void Ages_are_right_across_the_wrap_of_the_16_bit_clock()
    {
        var log = new SentPacketLog(new RetransmissionBufferSettings(MaxAgeMs: 1000));
        Record(log, 1, 65_500);

        log.TryGetForResend(1, 65_536 + 400, Rtt, out _).Should().Be(RetransmissionLookup.Resend, "436 ms old");
        log.TryGetForResend(1, 65_536 + 480, Rtt, out _).Should().Be(RetransmissionLookup.ResentWithinRtt, "resent 80 ms ago, across no wrap");
        log.TryGetForResend(1, 65_536 + 1000, Rtt, out _).Should().Be(RetransmissionLookup.TooOld, "1,036 ms old");
    }
}
