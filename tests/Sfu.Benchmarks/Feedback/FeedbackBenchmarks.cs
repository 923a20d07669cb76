using BenchmarkDotNet.Attributes;
using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Rtp;

namespace Sfu.Benchmarks.Feedback;

/// <summary>
/// The per-packet feedback bookkeeping: on an upload transport every received packet goes through receive
/// statistics, the NACK generator and the transport-cc recorder (with a loss every 50 packets, so the NACK
/// path is exercised too) and is copied once into its stream's retransmission history; on a download transport
/// every sent packet is logged (for rebuilding it on a NACK) and recorded for bandwidth estimation; a NACKed packet
/// is found in the log and the history and served as RTX. All must be 0 B/op.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*FeedbackBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class FeedbackBenchmarks
{
    private const int PacketLength = 1200;

    private readonly byte[] _packet = new byte[1500];
    private readonly byte[] _rtx = new byte[1500];
    private readonly byte[] _original = new byte[1500];
    private readonly byte[] _rtcp = new byte[1500];
    private ReceiveStreamStatistics _statistics = null!;
    private NackGenerator _nack = null!;
    private TransportCcReceiver _transportCc = null!;
    private RetransmissionBuffer _history = null!;
    private SentPacketLog _sentPackets = null!;
    private RtxEncapsulator _rtxEncapsulator = null!;
    private SendSideBandwidthEstimator _estimator = null!;
    private ushort _sequenceNumber;
    private long _nowUs;

    [GlobalSetup]
    public void Setup()
    {
        var writer = new RtpPacketWriter(_packet, payloadType: 96, sequenceNumber: 1, timestamp: 3000, ssrc: 0x5d2a91c7);
        writer.TryAddExtension(4, "0"u8);
        writer.TryFinish(new byte[PacketLength - 20], 0, out _);
        _statistics = new ReceiveStreamStatistics(0x5d2a91c7, 90_000);
        _nack = new NackGenerator();
        _transportCc = new TransportCcReceiver();
        _history = new RetransmissionBuffer(RetransmissionBufferSettings.Video, new Sfu.Transport.Net.ChunkPool(maxPooledBytes: 1 << 20));
        _sentPackets = new SentPacketLog();
        _rtxEncapsulator = new RtxEncapsulator(0x5d2a91c8, 97, 1000);
        _estimator = new SendSideBandwidthEstimator();
        _nowUs = 1_000_000;
    }

    [Benchmark(Description = "receive: statistics + NACK generator + transport-cc record (feedback every 100 ms)")]
    public int RecordArrival()
    {
        _sequenceNumber += (ushort)(_sequenceNumber % 50 == 0 ? 2 : 1);
        _nowUs += 1_000;
        long nowMs = _nowUs / 1000;
        _statistics.OnPacket(_sequenceNumber, (uint)(_nowUs * 90 / 1000), PacketLength, nowMs);
        NackGeneratorResult result = _nack.OnPacket(_sequenceNumber, false, false, nowMs);
        if (_nowUs % 40_000 == 0)
        {
            result |= _nack.OnTimer(nowMs);
        }

        _transportCc.OnPacket(_sequenceNumber, _nowUs);
        if (_transportCc.IsFeedbackDue(_nowUs))
        {
            _transportCc.TryWriteFeedback(_rtcp, 0, _nowUs, out _);
        }

        return (int)result;
    }

    [Benchmark(Description = "send: history store (once per incoming packet) + sent-packet log + bandwidth history")]
    public int StoreSentPacket()
    {
        _sequenceNumber++;
        _nowUs += 1_000;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _sequenceNumber);
        _history.Store(_packet.AsSpan(0, PacketLength), _nowUs / 1000);
        _sentPackets.Record(Sfu.Transport.Forwarding.ForwardDecision.Forward(_sequenceNumber, 3000, -1, -1), 0, _sequenceNumber, _nowUs / 1000);
        _estimator.OnPacketSent(_sequenceNumber, PacketLength, _nowUs);
        return _history.Count;
    }

    [Benchmark(Description = "NACKed packet found in the log and the history, served as RTX")]
    public int ServeRetransmission()
    {
        _nowUs += 200_000;
        ushort stored = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(_packet.AsSpan(2));
        _history.Store(_packet.AsSpan(0, PacketLength), _nowUs / 1000);
        _sentPackets.Record(Sfu.Transport.Forwarding.ForwardDecision.Forward(stored, 3000, -1, -1), 0, stored, _nowUs / 1000);
        int length = 0;
        if (_sentPackets.TryGetForResend(stored, _nowUs / 1000, 100, out SentPacket sent) == RetransmissionLookup.Resend
            && _history.TryCopy(sent.IncomingSequenceNumber, _nowUs / 1000, _original, out int originalLength))
        {
            _rtxEncapsulator.TryEncapsulate(_original.AsSpan(0, originalLength), _rtx, out length);
        }

        return length;
    }
}
