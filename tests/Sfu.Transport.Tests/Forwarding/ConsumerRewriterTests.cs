using Sfu.Transport.Codecs;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Rtp;
using Sfu.Transport.Rtp.Extensions;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Forwarding;

public class ConsumerRewriterTests
{
    private static readonly ForwardDecision Decision = ForwardDecision.Forward(sequenceNumber: 4242, timestamp: 777_000, pictureId: 0x1234, tl0PicIdx: 9);

    /// <summary>A router packet: mid placeholder (id 1), audio-level-like element (id 6), abs-capture-time-like (id 10), an unnegotiated id 13; VP8 payload.</summary>
    /// <param name="withHeadroom">Give back the whole 1,500-byte buffer instead of an exact-length copy.</param>
    private static byte[] RouterPacket(bool withHeadroom = false)
    {
        byte[] buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, payloadType: 96, sequenceNumber: 100, timestamp: 5000, ssrc: 0xAAAA, marker: true);
        writer.TryAddExtension(1, "x"u8);
        writer.TryAddExtension(6, [0x85]);
        writer.TryAddExtension(10, [1, 2, 3, 4, 5, 6, 7, 8]);
        writer.TryAddExtension(13, [0xEE]);
        byte[] payload = Hex.Parse("90 e0 80 05 03 40 10 aa bb cc");
        writer.TryFinish(payload, paddingLength: 4, out int length);
        return withHeadroom ? buffer : buffer.AsSpan(0, length).ToArray();
    }

    private static ConsumerOutput Output() =>
        new ConsumerOutput(0xC0FFEE, "12"u8, midId: 1, absSendTimeId: 4, transportSequenceNumberId: 5)
            .MapPayloadType(96, 101)
            .MapExtension(6, 6)
            .MapExtension(10, 12);

    private static void ShouldBeTheConsumersPacket(RtpPacket packet)
    {
        packet.Ssrc.Should().Be(0xC0FFEE);
        packet.PayloadType.Should().Be(101);
        packet.SequenceNumber.Should().Be(4242);
        packet.Timestamp.Should().Be(777_000u);
        packet.Marker.Should().BeTrue();
        packet.PaddingLength.Should().Be(0);
        packet.TryGetMid(1, out ReadOnlySpan<byte> mid).Should().BeTrue();
        SdesIdentifier.Matches(mid, "12").Should().BeTrue();
        packet.TryGetAbsSendTime(4, out uint sendTime).Should().BeTrue();
        sendTime.Should().Be(0x123456u);
        packet.TryGetTransportSequenceNumber(5, out ushort transportSequence).Should().BeTrue();
        transportSequence.Should().Be(31000);
        packet.TryGetExtension(6, out Span<byte> level).Should().BeTrue();
        level.ToArray().Should().Equal(0x85);
        packet.TryGetExtension(12, out Span<byte> captureTime).Should().BeTrue();
        captureTime.Length.Should().Be(8);
        packet.TryGetExtension(10, out _).Should().BeFalse("id 10 was renamed 12");
        packet.TryGetExtension(13, out _).Should().BeFalse("unnegotiated extensions are stripped");

        Vp8PayloadDescriptor.TryParse(packet.Payload, out Vp8PayloadDescriptor descriptor).Should().BeTrue();
        descriptor.PictureId.Should().Be(0x1234);
        descriptor.Tl0PicIdx.Should().Be(9);
        Hex.Format(descriptor.Vp8Data).Should().Be("10aabbcc");
    }

    [Fact]
    public void Rewrite_into_a_buffer_gives_the_consumers_packet_and_leaves_the_router_packet_intact()
    {
        byte[] incoming = RouterPacket();
        byte[] original = incoming.ToArray();
        RtpPacket.TryParse(incoming, out RtpPacket packet).Should().BeTrue();
        byte[] destination = new byte[1500];

        ConsumerRewriter.TryRewriteInto(packet, Decision, Output(), PayloadCodec.Vp8, 0x123456, 31000, destination, out int length).Should().BeTrue();

        incoming.Should().Equal(original);
        RtpPacket.TryParse(destination, length, out RtpPacket rewritten).Should().BeTrue();
        ShouldBeTheConsumersPacket(rewritten);
        rewritten.ExtensionForm.Should().Be(RtpHeaderExtensionForm.OneByte);
    }

    [Fact]
    public void Rewrite_in_place_gives_the_same_packet_using_the_buffers_headroom()
    {
        byte[] buffer = RouterPacket(withHeadroom: true);
        RtpPacket.TryParse(buffer, RouterPacket().Length, out RtpPacket packet).Should().BeTrue();

        ConsumerRewriter.TryRewriteInPlace(ref packet, Decision, Output(), PayloadCodec.Vp8, 0x123456, 31000).Should().BeTrue();

        RtpPacket.TryParse(buffer, packet.Length, out RtpPacket reparsed).Should().BeTrue();
        ShouldBeTheConsumersPacket(reparsed);
    }

    [Fact]
    public void Rewrite_in_place_reports_a_buffer_without_room()
    {
        byte[] exact = RouterPacket();
        RtpPacket.TryParse(exact, out RtpPacket packet).Should().BeTrue();

        // Padding removal frees 4 bytes; abs-send-time and transport sequence need 7.
        ConsumerRewriter.TryRewriteInPlace(ref packet, Decision, Output(), PayloadCodec.Vp8, 1, 1).Should().BeFalse();
    }

    [Fact]
    public void Audio_consumer_writes_only_the_mid()
    {
        byte[] bytes = Support.Packets.Audio(10, 960);
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();
        var output = new ConsumerOutput(0xA0D10, "0"u8).MapPayloadType(111, 100);
        byte[] destination = new byte[200];

        ConsumerRewriter.TryRewriteInto(packet, ForwardDecision.Forward(1, 960, -1, -1), output, PayloadCodec.Opaque, 5, 5, destination, out int length)
            .Should().BeTrue();

        RtpPacket.TryParse(destination, length, out RtpPacket rewritten).Should().BeTrue();
        rewritten.Extensions.GetEnumerator().MoveNext().Should().BeTrue();
        rewritten.TryGetMid(1, out _).Should().BeTrue();
        rewritten.TryGetExtension(4, out _).Should().BeFalse();
        rewritten.TryGetExtension(5, out _).Should().BeFalse();
        rewritten.PayloadType.Should().Be(100);
    }

    [Fact]
    public void Unmapped_payload_type_or_a_drop_decision_is_not_rewritten()
    {
        byte[] incoming = RouterPacket();
        RtpPacket.TryParse(incoming, out RtpPacket packet).Should().BeTrue();
        var noVp8 = new ConsumerOutput(1, "1"u8);

        ConsumerRewriter.TryRewriteInto(packet, Decision, noVp8, PayloadCodec.Vp8, 0, 0, new byte[1500], out _).Should().BeFalse();
        ConsumerRewriter.TryRewriteInto(packet, ForwardDecision.Drop(DropReason.Stale), Output(), PayloadCodec.Vp8, 0, 0, new byte[1500], out _)
            .Should().BeFalse();
    }

    [Fact]
    public void A_destination_too_small_is_refused_without_throwing()
    {
        byte[] incoming = RouterPacket();
        RtpPacket.TryParse(incoming, out RtpPacket packet).Should().BeTrue();

        for (int size = 0; size < 40; size++)
        {
            ConsumerRewriter.TryRewriteInto(packet, Decision, Output(), PayloadCodec.Vp8, 0, 0, new byte[size], out _).Should().BeFalse();
        }
    }

    [Fact]
    public void Mapping_a_copied_extension_onto_an_id_the_consumer_writes_strips_it()
    {
        ConsumerOutput output = Output().MapExtension(13, 4);

        output.MapExtensionId(13).Should().Be(0);
    }
}
