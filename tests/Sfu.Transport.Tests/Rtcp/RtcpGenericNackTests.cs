using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpGenericNackTests
{
    private static readonly byte[] Nack = Hex.Parse("""
        81 cd 00 04   // V=2 P=0 FMT=1 PT=RTPFB=205 length=4
        00 00 00 00   // SSRC of packet sender (0, as the SFU sends it)
        5d 2a 91 c7   // SSRC of media source
        1f 4a 80 05   // PID=8010 | BLP bits 0, 2, 15: 8011, 8013, 8026
        ff fe 00 01   // PID=65534 | BLP bit 0: 65535
        """);

    [Fact]
    public void Items_expand_to_the_lost_sequence_numbers()
    {
        RtcpGenericNack.TryParse(Nack, out RtcpGenericNack nack).Should().BeTrue();

        nack.SenderSsrc.Should().Be(0);
        nack.MediaSsrc.Should().Be(0x5d2a91c7);
        nack.ItemCount.Should().Be(2);
        nack.GetItem(0).Should().Be(new RtcpNackItem(8010, 0x8005));
        var lost = new List<ushort>();
        foreach (ushort sequenceNumber in nack.LostSequenceNumbers)
        {
            lost.Add(sequenceNumber);
        }

        lost.Should().Equal(8010, 8011, 8013, 8026, 65534, 65535);
        nack.LostCount.Should().Be(6);
    }

    [Fact]
    public void Writer_packs_a_list_of_lost_sequence_numbers_into_the_same_bytes()
    {
        byte[] buffer = new byte[64];

        RtcpGenericNack.TryWrite(buffer, 0, 0x5d2a91c7, [8010, 8011, 8013, 8026, 65534, 65535], out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(Nack));
    }

    [Fact]
    public void Packing_wraps_around_65535_and_drops_repeats()
    {
        Span<RtcpNackItem> items = new RtcpNackItem[4];

        RtcpNackItem.TryBuild([65535, 0, 1, 1, 16, 17, 40], items, out int count).Should().BeTrue();

        items[..count].ToArray().Should().Equal(
            new RtcpNackItem(65535, 0b11),  // 0 and 1 are one and two after 65535
            new RtcpNackItem(16, 0b1),      // 16 is 17 after 65535: too far, a new item that 17 joins
            new RtcpNackItem(40, 0));
    }

    [Fact]
    public void Each_item_names_up_to_17_packets()
    {
        var item = new RtcpNackItem(100, 0xFFFF);
        Span<ushort> lost = new ushort[20];

        int count = item.CopyLostSequenceNumbers(lost);

        count.Should().Be(17);
        item.LostCount.Should().Be(17);
        lost[0].Should().Be(100);
        lost[16].Should().Be(116);
        item.CopyLostSequenceNumbers(lost[..3]).Should().Be(3, "the copy stops when the destination is full");
    }

    [Fact]
    public void Packing_refuses_when_the_items_do_not_fit()
    {
        RtcpNackItem.TryBuild([1, 100, 200], new RtcpNackItem[2], out _).Should().BeFalse();
        RtcpGenericNack.TryWrite(new byte[19], 0, 1, [1, 100], out _).Should().BeFalse();
        RtcpGenericNack.TryWrite(new byte[20], 0, 1, [1, 100], out int length).Should().BeTrue();
        length.Should().Be(20);
    }

    [Fact]
    public void Nack_needs_at_least_one_whole_item()
    {
        RtcpGenericNack.TryParse(Hex.Parse("81 cd 00 02 00 00 00 00 00 00 00 01"), out _).Should().BeFalse();
        RtcpGenericNack.TryParse(Hex.Parse("81 cd 00 03 00 00 00 00 00 00 00 01 00 01 00 00"), out _).Should().BeTrue();
        RtcpGenericNack.TryWrite(new byte[64], 0, 1, ReadOnlySpan<ushort>.Empty, out _).Should().BeFalse();
        RtcpGenericNack.TryWrite(new byte[64], 0, 1, ReadOnlySpan<RtcpNackItem>.Empty, out _).Should().BeFalse();
    }

    [Fact]
    public void Other_transport_feedback_formats_are_not_nacks()
    {
        byte[] bytes = (byte[])Nack.Clone();
        bytes[0] = 0x83;

        RtcpGenericNack.TryParse(bytes, out _).Should().BeFalse();
    }
}
