using BenchmarkDotNet.Attributes;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Rtp;
using Sfu.Transport.Rtp.Extensions;

namespace Sfu.Benchmarks.Rtp;

/// <summary>
/// The per-packet work of forwarding: parse a 1,200-byte video packet carrying mid, abs-send-time and
/// transport-wide-cc extensions, then rewrite what a consumer needs (SSRC, payload type, sequence number,
/// timestamp, extension ids); and the transport-cc feedback a receiver builds every 100 ms.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*RtpBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const int PacketLength = 1200;

    /// <summary>Producer ids abs-send-time=2, transport-wide-cc=3, mid=4 become 3, 4, 2: a cycle, so every run sees the same ids.</summary>
    private static readonly byte[] IdMap = [0, 0, 3, 4, 2];

    /// <summary>Keeps the ids (same work per element), so the stamping benchmark finds its elements every run.</summary>
    private static readonly byte[] SameIds = [0, 0, 2, 3, 4];

    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _feedback = new byte[1200];
    private readonly TransportFeedbackArrival[] _arrivals = new TransportFeedbackArrival[100];
    private int _feedbackLength;
    private ushort _sequenceNumber;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new RtpPacketWriter(_packet, payloadType: 96, sequenceNumber: 8010, timestamp: 2846016, ssrc: 0x5d2a91c7, marker: false);
        writer.TryAddExtension(2, [0x4c, 0x8e, 0x2b]);
        writer.TryAddExtension(3, [0x01, 0xa9]);
        writer.TryAddExtension(4, "0"u8);
        byte[] payload = new byte[PacketLength - 28];
        new Random(1).NextBytes(payload);
        if (!writer.TryFinish(payload, 0, out int length) || length != PacketLength)
        {
            throw new InvalidOperationException("The benchmark packet is not 1,200 bytes.");
        }

        // 100 packets in 100 ms with a loss every 17 and some jitter: one feedback interval of a video stream.
        var random = new Random(2);
        ushort sequence = 65_500;
        long time = 5_000_000;
        for (int i = 0; i < _arrivals.Length; i++)
        {
            sequence += (ushort)(i % 17 == 16 ? 2 : 1);
            time += random.Next(0, 2_000);
            _arrivals[i] = new TransportFeedbackArrival(sequence, time);
        }

        RtcpTransportFeedbackBuilder.TryWrite(_feedback, 1, 2, 0, _arrivals, out _feedbackLength, out _);
    }

    [Benchmark(Description = "RTP parse + rewrite SSRC, PT, seq, ts, extension ids")]
    public uint ParseAndRewrite()
    {
        RtpPacket.TryParse(_packet, PacketLength, out RtpPacket packet);
        packet.Ssrc = 0x1b2c3d4e;
        packet.PayloadType = 101;
        packet.SequenceNumber = ++_sequenceNumber;
        packet.Timestamp += 3000;
        packet.TryRewriteExtensionIds(IdMap);
        return packet.Ssrc;
    }

    [Benchmark(Description = "RTP parse + rewrite + stamp transport seq and abs-send-time")]
    public uint ParseRewriteAndStamp()
    {
        RtpPacket.TryParse(_packet, PacketLength, out RtpPacket packet);
        packet.Ssrc = 0x1b2c3d4e;
        packet.PayloadType = 101;
        packet.SequenceNumber = ++_sequenceNumber;
        packet.Timestamp += 3000;
        packet.TryRewriteExtensionIds(SameIds);
        packet.TrySetTransportSequenceNumber(3, _sequenceNumber);
        packet.TrySetAbsSendTime(2, AbsSendTime.FromMicroseconds(_sequenceNumber * 1000L));
        return packet.Ssrc;
    }

    [Benchmark(Description = "transport-cc build, 100 arrivals")]
    public int BuildTransportFeedback()
    {
        RtcpTransportFeedbackBuilder.TryWrite(_feedback, 1, 2, 0, _arrivals, out int length, out _);
        return length;
    }

    [Benchmark(Description = "transport-cc parse + walk, 100 arrivals")]
    public long ParseTransportFeedback()
    {
        RtcpTransportFeedback.TryParse(_feedback.AsSpan(0, _feedbackLength), out RtcpTransportFeedback feedback);
        long sum = 0;
        foreach (TransportFeedbackPacketStatus status in feedback.Statuses)
        {
            sum += status.DeltaTicks;
        }

        return sum;
    }
}
