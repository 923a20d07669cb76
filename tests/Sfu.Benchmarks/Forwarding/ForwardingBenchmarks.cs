using BenchmarkDotNet.Attributes;
using Sfu.Transport.Codecs;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Rtp;

namespace Sfu.Benchmarks.Forwarding;

/// <summary>
/// The per-packet forwarding work: read and rewrite a VP8 payload descriptor; and one 1,200-byte simulcast VP8
/// packet fanned out to ten consumers, each deciding (sequence, timestamp, picture numbering, temporal filter)
/// and writing its own copy (SSRC, payload type, mid, abs-send-time, transport-wide sequence, renamed
/// extensions). Every invocation feeds a new packet (sequence and picture id advance) so the consumers keep
/// forwarding. Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*ForwardingBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private const int PacketLength = 1200;
    private const int ConsumerCount = 10;

    /// <summary>Fixed header (12), extension header (4), elements of 2 + 2 + 4 bytes.</summary>
    private const int HeaderLength = 24;

    private readonly byte[] _packet = new byte[1500];
    private readonly byte[][] _destinations = new byte[ConsumerCount][];
    private readonly SimulcastForwarder[] _forwarders = new SimulcastForwarder[ConsumerCount];
    private readonly ConsumerOutput[] _outputs = new ConsumerOutput[ConsumerCount];
    private readonly SenderReportClock[] _clocks = [new(1000, 90_000), new(1000, 500_000), new(1000, 900_000)];
    private int _length;
    private int _pictureId = 1000;
    private ushort _transportSequence;

    [GlobalSetup]
    public void Setup()
    {
        _length = WritePacket(keyFrame: true);
        for (int i = 0; i < ConsumerCount; i++)
        {
            _destinations[i] = new byte[1500];
            _outputs[i] = new ConsumerOutput((uint)(0x1000 + i), "1"u8, midId: 1, absSendTimeId: 4, transportSequenceNumberId: 5)
                .MapPayloadType(96, 96)
                .MapExtension(6, 6);
            _forwarders[i] = new SimulcastForwarder(PayloadCodec.Vp8, 3, 90000, _outputs[i], initialSequenceNumber: (ushort)(i * 1000));
            _forwarders[i].SetTargetLayers(1, 2);
            _forwarders[i].Resume();
        }

        // Start every consumer on a key frame of layer 1; after that plain frames keep flowing.
        RtpPacket.TryParse(_packet, _length, out RtpPacket packet);
        foreach (SimulcastForwarder forwarder in _forwarders)
        {
            ForwardDecision decision = forwarder.Decide(ref packet, 1, _clocks);
            if (!decision.ShouldForward)
            {
                throw new InvalidOperationException($"The benchmark consumer did not start: {decision}.");
            }
        }

        _length = WritePacket(keyFrame: false);
    }

    [Benchmark(Description = "VP8 descriptor parse + key frame check + picture id/TL0PICIDX rewrite")]
    public int Vp8DescriptorParseAndRewrite()
    {
        Span<byte> payload = _packet.AsSpan(HeaderLength, PacketLength - HeaderLength);
        Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor);
        int pictureId = descriptor.PictureId;
        descriptor.TrySetPictureId(pictureId + 1);
        descriptor.TrySetTl0PicIdx(descriptor.Tl0PicIdx + 1);
        return descriptor.IsKeyFrame ? -pictureId : pictureId;
    }

    [Benchmark(Description = "Simulcast decide + rewrite into a buffer, 10 consumers of one packet")]
    public int DecideAndRewriteForTenConsumers()
    {
        AdvanceIncomingPacket();
        RtpPacket.TryParse(_packet, _length, out RtpPacket packet);
        int written = 0;
        for (int i = 0; i < ConsumerCount; i++)
        {
            ForwardDecision decision = _forwarders[i].Decide(ref packet, 1, _clocks);
            if (ConsumerRewriter.TryRewriteInto(packet, decision, _outputs[i], PayloadCodec.Vp8, 0x123456, ++_transportSequence, _destinations[i], out int length))
            {
                written += length;
            }
        }

        return written;
    }

    /// <summary>The next frame of layer 1: sequence, timestamp, picture id and TL0PICIDX move on.</summary>
    private void AdvanceIncomingPacket()
    {
        RtpPacket.TryParse(_packet, _length, out RtpPacket packet);
        packet.SequenceNumber++;
        packet.Timestamp += 3000;
        Vp8PayloadDescriptor.TryParse(packet.Payload, out Vp8PayloadDescriptor descriptor);
        _pictureId = (_pictureId + 1) & 0x7FFF;
        descriptor.TrySetPictureId(_pictureId);
        descriptor.TrySetTl0PicIdx(descriptor.Tl0PicIdx + 1);
    }

    private int WritePacket(bool keyFrame)
    {
        var writer = new RtpPacketWriter(_packet, payloadType: 96, sequenceNumber: 3000, timestamp: 500_000, ssrc: 0x5d2a91c7, marker: true);
        writer.TryAddExtension(1, "x"u8);
        writer.TryAddExtension(6, [0x85]);
        writer.TryAddExtension(2, [0x4c, 0x8e, 0x2b]);
        Span<byte> payload = stackalloc byte[PacketLength - HeaderLength];
        new Random(1).NextBytes(payload);
        Vp8PayloadDescriptorWriter.TryWrite(payload, true, 0, false, _pictureId, true, 10, 0, true, -1, out int descriptorLength);
        payload[descriptorLength] = (byte)(keyFrame ? 0x10 : 0x11);
        if (!writer.TryFinish(payload, 0, out int length) || length != PacketLength)
        {
            throw new InvalidOperationException($"The benchmark packet is {length} bytes, not {PacketLength}.");
        }

        return length;
    }
}
