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
using Sfu.Transport.WebRtc;

namespace Sfu.Benchmarks.Media;

/// <summary>
/// The server's forwarding path for real (issue 4): one decrypted 1,200-byte VP8 packet of a producer, handed to its
/// upload transport on the worker thread, fanned out to 10 consumers on 10 connected download transports — decide,
/// rewrite, store for retransmission, SRTP-encrypt, send on the worker's UDP socket to 10 client transports on
/// 127.0.0.1. Batches of 100 packets run on the worker thread through a reused work item, so the benchmark adds
/// no allocation of its own. Inbound decryption is measured separately by DemuxBenchmarks.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*ForwardingPathBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ForwardingPathBenchmarks : IMediaRouterObserver
{
    private const int ConsumerCount = 10;
    private const int PacketsPerBatch = 100;
    private const uint ProducerSsrc = 0x1234_5678;

    private readonly List<WebRtcClientTransport> _clients = [];
    private MediaWorkerLoop _server = null!;
    private MediaWorkerLoop _clientLoop = null!;
    private DtlsHandshakePool _serverHandshakes = null!;
    private DtlsHandshakePool _clientHandshakes = null!;
    private MediaRouter _router = null!;
    private IWebRtcTransportHandler _upload = null!;
    private WebRtcTransport _uploadTransport = null!;
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

        WebRtcServerTransport upload = _server.InvokeAsync(_router.CreateTransport).Result;
        string producerId = _server.InvokeAsync(() => _router.Produce(upload.Id, MediaKind.Video, RtpParametersReader.Read(
            JsonDocument.Parse(ProducerJson).RootElement))).Result;
        RtpCapabilities clientCapabilities = RtpCapabilitiesReader.Read(JsonDocument.Parse(capabilities.Json).RootElement);
        for (int i = 0; i < ConsumerCount; i++)
        {
            WebRtcServerTransport download = _server.InvokeAsync(_router.CreateTransport).Result;
            var client = _clientLoop.InvokeAsync(() => new WebRtcClientTransport(_clientLoop, clientOptions)).Result;
            _clients.Add(client);
            var remote = new WebRtcDtlsParameters(clientOptions.Certificate.Fingerprints, WebRtcDtlsParameters.ClientRole);
            _server.InvokeAsync(() => _router.ConnectTransport(download.Id, remote)).Wait();
            IceCandidate candidate = download.IceCandidates[0];
            _clientLoop.InvokeAsync(() => client.Connect(download.IceParameters, new IPEndPoint(IPAddress.Parse(candidate.Ip), candidate.Port),
                download.DtlsParameters.Fingerprints[0])).Wait();
            ConsumerCreated consumer = _server.InvokeAsync(() => _router.Consume(download.Id, producerId, clientCapabilities)!).Result;
            _server.InvokeAsync(() => _router.SetConsumerPaused(consumer.Id, false)).Wait();
        }

        SpinWait.SpinUntil(() => _clients.TrueForAll(c => c.State == WebRtcTransportState.Connected), TimeSpan.FromSeconds(30));
        if (!_clients.TrueForAll(c => c.State == WebRtcTransportState.Connected))
        {
            throw new InvalidOperationException("The client transports did not connect.");
        }

        _uploadTransport = upload;
        _upload = upload.Handler!;
        _batch = new Batch(this);
        _batch.Run(keyFrameFirst: true);
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
    }

    [Benchmark(OperationsPerInvoke = PacketsPerBatch)]
    public void FanOutToTenConsumers() => _batch.Run(keyFrameFirst: false);

    void IMediaRouterObserver.OnTransportStateChanged(string transportId, WebRtcTransportState state, string? reason)
    {
    }

    void IMediaRouterObserver.OnConsumerClosed(string consumerId)
    {
    }

    void IMediaRouterObserver.OnRouterFailed(Exception cause) =>
        throw new InvalidOperationException("The forwarding path failed during the benchmark.", cause);

    /// <summary>Runs 100 packets on the worker thread and waits for them; reused, so nothing is allocated per run.</summary>
    private sealed class Batch(ForwardingPathBenchmarks owner) : IThreadPoolWorkItem
    {
        private readonly ManualResetEventSlim _done = new();
        private readonly byte[] _packet = new byte[1500];
        private ushort _sequenceNumber = 1;
        private int _pictureId = 1;
        private bool _keyFrameFirst;

        public void Run(bool keyFrameFirst)
        {
            _keyFrameFirst = keyFrameFirst;
            _done.Reset();
            owner._server.Post(this);
            _done.Wait();
        }

        public void Execute()
        {
            for (int i = 0; i < PacketsPerBatch; i++)
            {
                int length = Write(keyFrame: _keyFrameFirst && i == 0);
                owner._upload.OnRtp(owner._uploadTransport, _packet.AsSpan(0, length));
            }

            _done.Set();
        }

        private int Write(bool keyFrame)
        {
            ushort sequenceNumber = _sequenceNumber++;
            int pictureId = _pictureId++ & 0x7FFF;
            var writer = new RtpPacketWriter(_packet, 96, sequenceNumber, (uint)(sequenceNumber * 3000), ProducerSsrc, marker: true);
            Span<byte> payload = stackalloc byte[1200 - 12];
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
          "rtcpFeedback":[{"type":"nack","parameter":""},{"type":"nack","parameter":"pli"}]}],
         "headerExtensions":[],"encodings":[{"ssrc":305419896}],"rtcp":{"cname":"bench","reducedSize":true}}
        """;
}
