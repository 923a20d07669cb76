using Sfu.Transport.Feedback;
using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>RFC 4588 §4 retransmission format, both directions.</summary>
public class RtxTests
{
    private const byte MediaPayloadType = 96;
    private const uint MediaSsrc = 0x5D2A_91C7;

    [Fact]
    public void Decapsulating_chromes_rtx_packet_restores_the_original_sequence_number_ssrc_and_payload_type()
    {
        byte[] buffer = Sample("chrome-vp8-rtx-retransmission.hex", out int length);

        RtxDecapsulator.TryDecapsulate(buffer, length, MediaPayloadType, MediaSsrc, out int restored).Should().Be(RtxDecapsulation.Restored);

        RtpPacket.TryParse(buffer, restored, out RtpPacket packet).Should().BeTrue();
        packet.SequenceNumber.Should().Be(8010);
        packet.PayloadType.Should().Be(MediaPayloadType);
        packet.Ssrc.Should().Be(MediaSsrc);
        packet.Timestamp.Should().Be(2846016);
        packet.Marker.Should().BeTrue();
        packet.TryGetExtension(4, out Span<byte> mid).Should().BeTrue();
        mid.ToArray().Should().Equal((byte)'0');
        packet.Payload[..2].ToArray().Should().Equal(0x90, 0x80);
        packet.PayloadLength.Should().Be(24);
    }

    [Fact]
    public void A_padding_only_rtx_packet_is_reported_for_discarding()
    {
        byte[] buffer = Sample("chrome-rtx-padding-probe.hex", out int length);
        RtxDecapsulator.TryDecapsulate(buffer, length, MediaPayloadType, MediaSsrc, out _).Should().Be(RtxDecapsulation.PaddingOnly);
    }

    [Fact]
    public void Padding_of_an_rtx_packet_is_dropped_from_the_restored_packet()
    {
        byte[] buffer = Sample("rtx-with-csrc-and-padding.hex", out int length);

        RtxDecapsulator.TryDecapsulate(buffer, length, MediaPayloadType, MediaSsrc, out int restored).Should().Be(RtxDecapsulation.Restored);

        RtpPacket.TryParse(buffer, restored, out RtpPacket packet).Should().BeTrue();
        packet.HasPadding.Should().BeFalse();
        packet.SequenceNumber.Should().Be(65534);
        packet.GetCsrc(0).Should().Be(7);
        packet.Payload.ToArray().Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void A_payload_of_one_byte_cannot_hold_an_osn()
    {
        byte[] buffer = [0x80, 97, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xAB];
        RtxDecapsulator.TryDecapsulate(buffer, buffer.Length, MediaPayloadType, MediaSsrc, out _).Should().Be(RtxDecapsulation.Invalid);
    }

    [Fact]
    public void Encapsulation_puts_the_osn_first_and_numbers_rtx_packets_with_their_own_counter()
    {
        byte[] media = Media(sequenceNumber: 8010, payload: [1, 2, 3], padding: 4);
        var rtx = new RtxEncapsulator(0x7A11_0C42, 97, 65535);
        byte[] destination = new byte[64];

        rtx.TryEncapsulate(media, destination, out int length).Should().BeTrue();

        RtpPacket.TryParse(destination, length, out RtpPacket packet).Should().BeTrue();
        packet.Ssrc.Should().Be(0x7A11_0C42);
        packet.PayloadType.Should().Be(97);
        packet.SequenceNumber.Should().Be(65535);
        packet.Timestamp.Should().Be(90_000);
        packet.Marker.Should().BeTrue();
        packet.HasPadding.Should().BeFalse("padding is not retransmitted");
        packet.Payload.ToArray().Should().Equal(0x1F, 0x4A, 1, 2, 3);

        rtx.TryEncapsulate(media, destination, out _).Should().BeTrue();
        rtx.NextSequenceNumber.Should().Be(1, "the RTX counter wraps on its own");
        rtx.PacketCount.Should().Be(2);
    }

    [Fact]
    public void Encapsulation_refuses_a_destination_without_room_for_the_osn()
    {
        byte[] media = Media(1, [1, 2, 3], 0);
        var rtx = new RtxEncapsulator(1, 97, 10);

        rtx.TryEncapsulate(media, new byte[media.Length + 1], out _).Should().BeFalse();
        rtx.NextSequenceNumber.Should().Be(10);
    }

    [Fact]
    public void Encapsulating_then_decapsulating_gives_back_the_media_packet()
    {
        byte[] media = Media(sequenceNumber: 4242, payload: [9, 8, 7, 6, 5], padding: 0);
        var rtx = new RtxEncapsulator(0x1111, 97, 300);
        byte[] wire = new byte[64];
        rtx.TryEncapsulate(media, wire, out int length).Should().BeTrue();

        RtxDecapsulator.TryDecapsulate(wire, length, MediaPayloadType, MediaSsrc, out int restored).Should().Be(RtxDecapsulation.Restored);

        wire.AsSpan(0, restored).ToArray().Should().Equal(media);
    }

    internal static byte[] Media(ushort sequenceNumber, byte[] payload, int padding)
    {
        byte[] buffer = new byte[64 + payload.Length + padding];
        var writer = new RtpPacketWriter(buffer, MediaPayloadType, sequenceNumber, 90_000, MediaSsrc, marker: true);
        writer.TryAddExtension(4, "1"u8);
        writer.TryFinish(payload, padding, out int length).Should().BeTrue();
        return buffer.AsSpan(0, length).ToArray();
    }

    private static byte[] Sample(string name, out int length)
    {
        byte[] bytes = Corpus.Load("Feedback/Corpus/Rtx").Single(sample => sample.Name == name).Bytes;
        length = bytes.Length;
        byte[] buffer = new byte[bytes.Length + 16];
        bytes.CopyTo(buffer, 0);
        return buffer;
    }
}
