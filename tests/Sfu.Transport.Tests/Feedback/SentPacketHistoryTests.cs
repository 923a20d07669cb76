using Sfu.Transport.Feedback;

namespace Sfu.Transport.Tests.Feedback;

public class SentPacketHistoryTests
{
    private const int PacketBytes = 1200;

    [Fact]
    public void A_history_that_never_recorded_a_packet_holds_no_slots_and_finds_nothing()
    {
        var history = new SentPacketHistory();

        history.TryGet(0, out _, out _, markReceived: true).Should().BeFalse();
        history.CurrentCapacity.Should().Be(0);
    }

    [Fact]
    public void The_first_packet_sent_allocates_the_initial_ring_and_is_found_with_its_time_and_size()
    {
        var history = new SentPacketHistory();

        history.OnPacketSent(42, 900, 5_000);

        history.CurrentCapacity.Should().Be(SentPacketHistory.InitialCapacity);
        history.TryGet(42, out long sendTimeUs, out int size, markReceived: false).Should().BeTrue();
        (sendTimeUs, size).Should().Be((5_000L, 900));
    }

    [Fact]
    public void A_slow_download_keeps_the_initial_ring()
    {
        var history = new SentPacketHistory();

        ushort last = Send(history, first: 0, bitsPerSecond: 2_000_000, seconds: 10, startUs: 0, out _);

        history.CurrentCapacity.Should().Be(SentPacketHistory.InitialCapacity, "1 024 packets are over 4 s of a 2 Mbit/s download");
        history.TryGet((ushort)(last - SentPacketHistory.InitialCapacity + 1), out _, out _, false).Should().BeTrue();
        history.TryGet((ushort)(last - SentPacketHistory.InitialCapacity), out _, out _, false).Should().BeFalse("overwritten by a newer packet");
    }

    [Fact]
    public void Every_packet_of_the_last_second_of_a_10_Mbit_download_across_the_16_bit_wrap_is_still_found()
    {
        var history = new SentPacketHistory();

        ushort last = Send(history, first: 65_000, bitsPerSecond: 10_000_000, seconds: 5, startUs: 0, out long lastSendUs);

        history.CurrentCapacity.Should().Be(2 * SentPacketHistory.InitialCapacity, "1 024 packets are less than a second at 10 Mbit/s");
        long spacingUs = SpacingUs(10_000_000);
        for (int back = 0; back * spacingUs <= SentPacketHistory.RetentionUs; back++)
        {
            history.TryGet((ushort)(last - back), out long sendTimeUs, out int size, markReceived: true).Should().BeTrue($"packet {back} before the last");
            (sendTimeUs, size).Should().Be((lastSendUs - back * spacingUs, PacketBytes));
        }
    }

    [Fact]
    public void The_ring_never_grows_past_4096_slots_and_then_keeps_the_newest_4096_packets()
    {
        var history = new SentPacketHistory();

        ushort last = Send(history, first: 100, bitsPerSecond: 50_000_000, seconds: 3, startUs: 0, out _);

        history.CurrentCapacity.Should().Be(SentPacketHistory.MaxCapacity);
        history.TryGet((ushort)(last - SentPacketHistory.MaxCapacity + 1), out _, out _, false).Should().BeTrue();
        history.TryGet((ushort)(last - SentPacketHistory.MaxCapacity), out _, out _, false).Should().BeFalse();
    }

    [Fact]
    public void A_packet_reported_received_before_the_ring_grew_is_not_counted_again_after()
    {
        var history = new SentPacketHistory();
        history.OnPacketSent(7, PacketBytes, 0);
        history.TryGet(7, out _, out _, markReceived: true).Should().BeTrue();

        Send(history, first: 8, bitsPerSecond: 10_000_000, seconds: 1, startUs: 1_000, out _);

        history.CurrentCapacity.Should().BeGreaterThan(SentPacketHistory.InitialCapacity);
        history.TryGet(7, out _, out _, markReceived: true).Should().BeFalse("it was reported once already");
        history.TryGet(8, out _, out _, markReceived: true).Should().BeTrue("it moved to the larger ring unreported");
    }

    [Fact]
    public void A_number_that_shares_a_slot_with_a_sent_packet_is_not_mistaken_for_it()
    {
        var history = new SentPacketHistory();
        history.OnPacketSent(5, PacketBytes, 0);

        history.TryGet(5 + SentPacketHistory.InitialCapacity, out _, out _, false).Should().BeFalse();
        history.TryGet(5, out _, out _, false).Should().BeTrue();
    }

    private static long SpacingUs(long bitsPerSecond) => PacketBytes * 8L * 1_000_000 / bitsPerSecond;

    /// <summary>Sends paced 1 200-byte packets from <paramref name="first"/> on; returns the last number sent.</summary>
    private static ushort Send(SentPacketHistory history, ushort first, long bitsPerSecond, int seconds, long startUs, out long lastSendUs)
    {
        long spacingUs = SpacingUs(bitsPerSecond);
        ushort sequence = first;
        lastSendUs = startUs;
        for (long sendUs = startUs; sendUs < startUs + seconds * 1_000_000L; sendUs += spacingUs)
        {
            history.OnPacketSent(sequence, PacketBytes, sendUs);
            lastSendUs = sendUs;
            sequence++;
        }

        return (ushort)(sequence - 1);
    }
}
