using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpTransportFeedbackTests
{
    /// <summary>All three chunk kinds, a negative delta and padding.</summary>
    private static readonly byte[] Feedback = Hex.Parse("""
        af cd 00 0a   // V=2 P=1 FMT=15 PT=RTPFB=205 length=10
        00 00 00 01   // SSRC of packet sender
        5d 2a 91 c7   // SSRC of media source
        00 64 00 13   // base sequence number 100 | packet status count 19
        00 12 34 07   // reference time 0x001234 (× 64 ms) | fb pkt. count 7
        20 03         // run length chunk: T=0 S=01 (small delta) run length 3: 100..102
        ac ff         // status vector chunk: T=1 S=0, 14 one-bit symbols 1011 0011 1111 11: 103..116
        e4 00         // status vector chunk: T=1 S=1, 7 two-bit symbols 10 01 00...: 117 large, 118 small
        04 04 08      // recv deltas of 100, 101, 102 (1 ms, 1 ms, 2 ms)
        00 10 04      // 103, 105, 106
        01 02 03 04   // 109..112
        05 06 07 08   // 113..116
        ff fc         // 117: large delta -4 (-1 ms)
        28            // 118: 10 ms
        01            // padding, count 1
        """);

    [Fact]
    public void Header_fields_are_read()
    {
        RtcpTransportFeedback.TryParse(Feedback, out RtcpTransportFeedback feedback).Should().BeTrue();

        feedback.SenderSsrc.Should().Be(1);
        feedback.MediaSsrc.Should().Be(0x5d2a91c7);
        feedback.BaseSequenceNumber.Should().Be(100);
        feedback.PacketStatusCount.Should().Be(19);
        feedback.ReferenceTime.Should().Be(0x1234);
        feedback.ReferenceTimeMicroseconds.Should().Be(0x1234 * 64_000L);
        feedback.FeedbackPacketCount.Should().Be(7);
        feedback.ReceivedCount.Should().Be(16);
    }

    [Fact]
    public void Statuses_follow_run_length_one_bit_and_two_bit_chunks()
    {
        RtcpTransportFeedback.TryParse(Feedback, out RtcpTransportFeedback feedback).Should().BeTrue();

        var statuses = new List<string>();
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            statuses.Add(status.IsReceived ? $"{status.SequenceNumber}+{status.DeltaTicks}" : $"{status.SequenceNumber}-");
        }

        statuses.Should().Equal(
            "100+4", "101+4", "102+8",
            "103+0", "104-", "105+16", "106+4", "107-", "108-",
            "109+1", "110+2", "111+3", "112+4", "113+5", "114+6", "115+7", "116+8",
            "117+-4", "118+40");
    }

    [Fact]
    public void Status_count_of_zero_is_invalid()
    {
        byte[] bytes = (byte[])Feedback.Clone();
        bytes[14] = 0;
        bytes[15] = 0;

        RtcpTransportFeedback.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Reserved_two_bit_symbol_is_invalid()
    {
        byte[] bytes = (byte[])Feedback.Clone();
        bytes[24] = 0xf4; // 11 11 01 ...: the first symbol is the reserved 11

        RtcpTransportFeedback.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Missing_receive_deltas_are_invalid()
    {
        byte[] bytes = Hex.Parse("""
            8f cd 00 05   // V=2 P=0 FMT=15 PT=RTPFB=205 length=5
            00 00 00 01   // SSRC of packet sender
            00 00 00 02   // SSRC of media source
            00 01 00 03   // base sequence number 1 | packet status count 3
            00 00 01 00   // reference time 1 | fb pkt. count 0
            20 03 00 00   // run of 3 small deltas, but only 2 bytes follow
            """);

        RtcpTransportFeedback.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Chunks_that_stop_short_of_the_status_count_are_invalid()
    {
        byte[] bytes = (byte[])Feedback.Clone();
        bytes[15] = 40; // 40 statuses, chunks cover 19 and then deltas are read as chunks

        RtcpTransportFeedback.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void A_run_longer_than_the_status_count_is_cut_to_it()
    {
        byte[] bytes = Hex.Parse("""
            8f cd 00 05   // V=2 P=0 FMT=15 PT=RTPFB=205 length=5
            00 00 00 01   // SSRC of packet sender
            00 00 00 02   // SSRC of media source
            ff ff 00 02   // base sequence number 65535 | packet status count 2
            00 00 01 00   // reference time 1 | fb pkt. count 0
            20 09 05 06   // run of 9 small deltas, only 2 counted | deltas 5, 6
            """);

        RtcpTransportFeedback.TryParse(bytes, out RtcpTransportFeedback feedback).Should().BeTrue();

        var sequenceNumbers = new List<ushort>();
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            sequenceNumbers.Add(status.SequenceNumber);
        }

        sequenceNumbers.Should().Equal(65535, 0);
    }
}
