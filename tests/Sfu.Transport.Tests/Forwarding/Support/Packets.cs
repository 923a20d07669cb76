using Sfu.Transport.Codecs;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.Forwarding.Support;

internal static class Packets
{
    /// <summary>A packet with an opaque (audio) payload.</summary>
    public static byte[] Audio(ushort sequenceNumber, uint timestamp, int payloadBytes = 10, byte payloadType = 111)
    {
        byte[] buffer = new byte[200];
        var writer = new RtpPacketWriter(buffer, payloadType, sequenceNumber, timestamp, 0x1111, marker: false);
        writer.TryFinish(new byte[payloadBytes], 0, out int length);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Parses a test packet (always valid) and lets the forwarder decide on it.</summary>
    public static ForwardDecision Decide(this SimpleForwarder forwarder, byte[] bytes)
    {
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();
        return forwarder.Decide(ref packet);
    }

    public static ForwardDecision Decide(this SimulcastForwarder forwarder, byte[] bytes, int layer, SenderReportClock[]? clocks = null)
    {
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();
        return forwarder.Decide(ref packet, layer, clocks ?? []);
    }

    public static ConsumerOutput VideoOutput() =>
        new ConsumerOutput(0xC0FFEE, "3"u8, midId: 1, absSendTimeId: 4, transportSequenceNumberId: 5)
            .MapPayloadType(Vp8StreamBuilder.PayloadType, Vp8StreamBuilder.PayloadType);

    public static ConsumerOutput AudioOutput() =>
        new ConsumerOutput(0xA0D10, "0"u8).MapPayloadType(111, 111);

    public static PayloadCodec Vp8 => PayloadCodec.Vp8;
}
