using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Codecs;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Media;
using Sfu.Transport.Net;
using Sfu.Transport.Ortc;
using Sfu.Transport.Rtp;
using Sfu.Transport.Srtp;
using Sfu.Transport.WebRtc;

namespace Sfu.Benchmarks.Media;

/// <summary>
/// The server's forwarding path for real (issue 4: decrypt once, fan out to 10 consumers, rewrite, encrypt, hand to
/// the socket). A 1,200-byte VP8 packet with the browser's mid and transport-wide-cc extensions is SRTP-protected
/// with the keys the publisher's client transport negotiated over DTLS, then handed to the worker's demultiplexer as
/// if read from its UDP socket: RFC 7983 classification, remote-tuple lookup, ICE validation, SRTP unprotect, stream
/// lookup, statistics, NACK and transport-cc bookkeeping, then for each of 10 consumers on 10 connected download
/// transports: decide, rewrite, store for retransmission, SRTP-encrypt, send on the worker's UDP socket to a client
/// transport on 127.0.0.1.
/// <para>
/// Protecting the incoming packet is the browser's work, not the server's: <see cref="SenderShare"/> measures that
/// part alone (write and protect, on another context), so the server's cost per incoming packet is
/// <c>ArrivalToTenConsumers − SenderShare</c>, and forwarded packets per second per core is 10 / that.
/// Batches of 100 packets run on the worker thread through a reused work item, so the benchmark adds no allocation of
/// its own: both must show 0 B/op.
/// </para>
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*ForwardingPathBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ForwardingPathBenchmarks : IMediaRouterObserver
{
    private const int ConsumerCount = 10;
    private const int PacketsPerBatch = 100;
    private const uint ProducerSsrc = 0x1234_5678;
    private const byte MidId = 4;
    private const byte TransportWideCcId = 3;

    private readonly List<WebRtcClientTransport> _clients = [];
    private readonly List<WebRtcServerTransport> _downloads = [];
    private MediaWorkerLoop _server = null!;
    private MediaWorkerLoop _clientLoop = null!;
    private DtlsHandshakePool _serverHandshakes = null!;
    private DtlsHandshakePool _clientHandshakes = null!;
    private MediaRouter _router = null!;
    private WebRtcServerTransport _upload = null!;
    private TransportTuple _publisher;
    private SrtpContext _publisherSrtp = null!;
    private SrtpContext _otherSrtp = null!;
    private Batch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Two pools: a handshake blocks its pool thread until the peer answers, so the peers must not share one.
        _serverHandshakes = new DtlsHandshakePool();
        _clientHandshakes = new DtlsHandshakePool();
        var serverOptions = new WebRtcTransportOptions(DtlsCertificate.Generate()) { HandshakePool = _serverHandshakes };
        var clientOptions = new WebRtcTransportOptions(DtlsCertificate.Generate()) { HandshakePool = _clientHandshakes };
        _server = new MediaWorkerLoop(new MediaWorkerLoopOptions { Name = "bench-worker" },
            new MediaWorkerSettings { ListenAddress = IPAddress.Loopback, AnnouncedAddress = "127.0.0.1" });
        _clientLoop = new MediaWorkerLoop(new MediaWorkerLoopOptions { Name = "bench-clients" });
        RouterCapabilities capabilities = RouterCapabilities.Build(["opus"], ["VP8"]);
        _router = _server.InvokeAsync(() => new MediaRouter(_server, serverOptions,
            new MediaRouterOptions(capabilities.Capabilities, 10_000_000, 100_000_000), this)).Result;

        _upload = _server.InvokeAsync(_router.CreateTransport).Result;
        WebRtcClientTransport publisher = Connect(_upload, clientOptions);
        string producerId = _server.InvokeAsync(() => _router.Produce(_upload.Id, MediaKind.Video, RtpParametersReader.Read(
            JsonDocument.Parse(ProducerJson).RootElement))).Result;
        RtpCapabilities clientCapabilities = RtpCapabilitiesReader.Read(JsonDocument.Parse(capabilities.Json).RootElement);
        for (int i = 0; i < ConsumerCount; i++)
        {
            WebRtcServerTransport download = _server.InvokeAsync(_router.CreateTransport).Result;
            _downloads.Add(download);
            Connect(download, clientOptions);
            ConsumerCreated consumer = _server.InvokeAsync(() => _router.Consume(download.Id, producerId, clientCapabilities)!).Result;
            _server.InvokeAsync(() => _router.SetConsumerPaused(consumer.Id, false)).Wait();
        }

        SpinWait.SpinUntil(() => _clients.TrueForAll(c => c.State == WebRtcTransportState.Connected), TimeSpan.FromSeconds(30));
        if (!_clients.TrueForAll(c => c.State == WebRtcTransportState.Connected))
        {
            throw new InvalidOperationException("The client transports did not connect.");
        }

        // The publisher's keys as its DTLS handshake exported them: what a browser protects its RTP with.
        SrtpKeys keys = _clientLoop.InvokeAsync(() => publisher.DtlsResult!.Keys!).Result;
        _publisherSrtp = SrtpContext.ForOutbound(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        _otherSrtp = SrtpContext.ForOutbound(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        _publisher = _server.InvokeAsync(() => _upload.SelectedTuple!.Value).Result;
        _batch = new Batch(this);
        _batch.Run(Mode.Arrival, keyFrameFirst: true);
        VerifyForwarded();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.InvokeAsync(_router.Dispose).Wait();
        _clientLoop.InvokeAsync(() => _clients.ForEach(c => c.Dispose())).Wait();
        _server.Dispose();
        _clientLoop.Dispose();
        _serverHandshakes.Dispose();
        _clientHandshakes.Dispose();
        _publisherSrtp.Dispose();
        _otherSrtp.Dispose();
    }

    [Benchmark(OperationsPerInvoke = PacketsPerBatch, Description = "SRTP datagram arrives, 10 consumers get it (per incoming packet)")]
    public void ArrivalToTenConsumers() => _batch.Run(Mode.Arrival, keyFrameFirst: false);

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerBatch, Description = "sender's share: write + protect only")]
    public void SenderShare() => _batch.Run(Mode.SenderOnly, keyFrameFirst: false);

    void IMediaRouterObserver.OnTransportStateChanged(string transportId, WebRtcTransportState state, string? reason)
    {
    }

    void IMediaRouterObserver.OnConsumerClosed(string consumerId)
    {
    }

    void IMediaRouterObserver.OnRouterFailed(Exception cause) =>
        throw new InvalidOperationException("The forwarding path failed during the benchmark.", cause);

    private WebRtcClientTransport Connect(WebRtcServerTransport server, WebRtcTransportOptions clientOptions)
    {
        var client = _clientLoop.InvokeAsync(() => new WebRtcClientTransport(_clientLoop, clientOptions)).Result;
        _clients.Add(client);
        var remote = new WebRtcDtlsParameters(clientOptions.Certificate.Fingerprints, WebRtcDtlsParameters.ClientRole);
        _server.InvokeAsync(() => _router.ConnectTransport(server.Id, remote)).Wait();
        IceCandidate candidate = server.IceCandidates[0];
        _clientLoop.InvokeAsync(() => client.Connect(server.IceParameters, new IPEndPoint(IPAddress.Parse(candidate.Ip), candidate.Port),
            server.DtlsParameters.Fingerprints[0])).Wait();
        return client;
    }

    /// <summary>Refuses to measure anything but the whole path: the first batch must have been decrypted and fanned out.</summary>
    private void VerifyForwarded()
    {
        long received = _upload.Counters.RtpPacketsReceived;
        long sent = _downloads.Sum(d => d.Counters.RtpPacketsSent);
        if (received != PacketsPerBatch || sent != ConsumerCount * PacketsPerBatch)
        {
            throw new InvalidOperationException($"The path is not whole: {received} packets decrypted, {sent} sent to consumers.");
        }
    }

    private enum Mode
    {
        Arrival,
        SenderOnly,
    }

    /// <summary>Runs 100 packets on the worker thread and waits for them; reused, so nothing is allocated per run.</summary>
    private sealed class Batch(ForwardingPathBenchmarks owner) : IThreadPoolWorkItem
    {
        private readonly ManualResetEventSlim _done = new();
        private readonly byte[] _packet = new byte[1500];
        private ushort _sequenceNumber = 1;
        private ushort _transportSequenceNumber = 1;
        private ushort _otherSequenceNumber = 1;
        private int _pictureId = 1;
        private bool _keyFrameFirst;
        private Mode _mode;

        public void Run(Mode mode, bool keyFrameFirst)
        {
            _mode = mode;
            _keyFrameFirst = keyFrameFirst;
            _done.Reset();
            owner._server.Post(this);
            _done.Wait();
        }

        public void Execute()
        {
            MediaDemultiplexer demux = owner._server.Demultiplexer;
            PacketChannel socket = owner._server.WorkerUdp!;
            for (int i = 0; i < PacketsPerBatch; i++)
            {
                if (_mode == Mode.Arrival)
                {
                    int length = Write(_sequenceNumber++, keyFrame: _keyFrameFirst && i == 0);
                    owner._publisherSrtp.TryProtectRtp(_packet, length, out int protectedLength);
                    demux.OnPacket(_packet.AsSpan(0, protectedLength), socket, owner._publisher);
                }
                else
                {
                    int length = Write(_otherSequenceNumber++, keyFrame: false);
                    owner._otherSrtp.TryProtectRtp(_packet, length, out _);
                }
            }

            _done.Set();
        }

        private int Write(ushort sequenceNumber, bool keyFrame)
        {
            int pictureId = _pictureId++ & 0x7FFF;
            var writer = new RtpPacketWriter(_packet, 96, sequenceNumber, (uint)(sequenceNumber * 3000), ProducerSsrc, marker: true);
            writer.TryAddExtension(MidId, "0"u8);
            Span<byte> wide = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(wide, _transportSequenceNumber++);
            writer.TryAddExtension(TransportWideCcId, wide);
            Span<byte> payload = stackalloc byte[1200 - 12 - 12];
            Vp8PayloadDescriptorWriter.TryWrite(payload, true, 0, false, pictureId, true, pictureId & 0xFF, 0, false, -1, out int descriptor);
            payload[descriptor] = keyFrame ? (byte)0x10 : (byte)0x11;
            if (keyFrame)
            {
                payload[descriptor + 3] = 0x9d;
                payload[descriptor + 4] = 0x01;
                payload[descriptor + 5] = 0x2a;
            }

            writer.TryFinish(payload, 0, out int length);
            return length;
        }
    }

    private const string ProducerJson = """
        {"mid":"0","codecs":[{"mimeType":"video/VP8","payloadType":96,"clockRate":90000,"parameters":{},
          "rtcpFeedback":[{"type":"transport-cc","parameter":""},{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"}]}],
         "headerExtensions":[{"uri":"urn:ietf:params:rtp-hdrext:sdes:mid","id":4,"encrypt":false,"parameters":{}},
          {"uri":"http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01","id":3,"encrypt":false,"parameters":{}}],
         "encodings":[{"ssrc":305419896}],"rtcp":{"cname":"bench","reducedSize":true}}
        """;
}
