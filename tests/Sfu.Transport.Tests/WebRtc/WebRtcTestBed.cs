using System.Collections.Concurrent;
using System.Net;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Tests.Dtls;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>What a back-to-back test varies.</summary>
internal sealed record TestBedOptions
{
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Udp;

    /// <summary>The client's DTLS role; the server takes the other (it is told "client" or "server").</summary>
    public DtlsRole ClientDtlsRole { get; init; } = DtlsRole.Client;

    public DtlsOptions Dtls { get; init; } = DtlsOptions.Default;

    /// <summary>The fingerprint the server expects of the client; the client's real one when null.</summary>
    public DtlsFingerprint? FingerprintGivenToServer { get; init; }

    public IPacketSendFilter? ServerSendFilter { get; init; }

    public IPacketSendFilter? ClientSendFilter { get; init; }

    public TimeProvider? ServerTime { get; init; }

    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int ClientConsentIntervalMs { get; init; } = 5000;

    public int ClientIceRtoMs { get; init; } = 100;

    public DtlsHandshakePool? HandshakePool { get; init; }
}

/// <summary>
/// A server worker loop with one server transport and a client loop with one client transport, over 127.0.0.1.
/// Every loop error is collected so that tests can assert there was none.
/// </summary>
internal sealed class WebRtcTestBed : IDisposable
{
    private WebRtcTestBed(MediaWorkerLoop serverLoop, MediaWorkerLoop clientLoop, ConcurrentQueue<Exception> errors, TestBedOptions options)
    {
        ServerLoop = serverLoop;
        ClientLoop = clientLoop;
        Errors = errors;
        Options = options;
    }

    public static MediaWorkerSettings LoopbackWorker { get; } = new()
    {
        ListenAddress = IPAddress.Loopback,
        AnnouncedAddress = "127.0.0.1",
        MinPort = 43000,
        MaxPort = 44999,
    };

    public TestBedOptions Options { get; }

    public MediaWorkerLoop ServerLoop { get; }

    public MediaWorkerLoop ClientLoop { get; }

    public ConcurrentQueue<Exception> Errors { get; }

    public WebRtcServerTransport Server { get; private set; } = null!;

    public WebRtcClientTransport Client { get; private set; } = null!;

    public RecordingHandler ServerEvents { get; } = new();

    public RecordingHandler ClientEvents { get; } = new();

    public IPEndPoint ServerUdpEndPoint => new(IPAddress.Loopback, ServerLoop.WorkerSocket!.Port);

    public static async Task<WebRtcTestBed> CreateAsync(TestBedOptions? options = null)
    {
        options ??= new TestBedOptions();
        var errors = new ConcurrentQueue<Exception>();
        var serverLoop = new MediaWorkerLoop(
            new MediaWorkerLoopOptions { Name = "test-server-worker", OnError = errors.Enqueue, SendFilter = options.ServerSendFilter, Time = options.ServerTime ?? TimeProvider.System },
            LoopbackWorker);
        var clientLoop = new MediaWorkerLoop(
            new MediaWorkerLoopOptions { Name = "test-client-worker", OnError = errors.Enqueue, SendFilter = options.ClientSendFilter });
        var bed = new WebRtcTestBed(serverLoop, clientLoop, errors, options);
        bed.ServerEvents.IsOwnerThread = () => serverLoop.IsOwnerThread;
        bed.ClientEvents.IsOwnerThread = () => clientLoop.IsOwnerThread;
        bed.Server = await serverLoop.InvokeAsync(() => new WebRtcServerTransport(serverLoop,
            new WebRtcTransportOptions(TestCertificates.First) { Dtls = options.Dtls, ConsentTimeout = options.ConsentTimeout, HandshakePool = options.HandshakePool },
            bed.ServerEvents));
        bed.Client = await clientLoop.InvokeAsync(() => new WebRtcClientTransport(clientLoop,
            new WebRtcTransportOptions(TestCertificates.Second) { Dtls = options.Dtls, HandshakePool = options.HandshakePool },
            new WebRtcClientOptions
            {
                Protocol = options.Protocol,
                DtlsRole = options.ClientDtlsRole,
                LocalAddress = IPAddress.Loopback,
                IceInitialRtoMs = options.ClientIceRtoMs,
                ConsentIntervalMs = options.ClientConsentIntervalMs,
            },
            bed.ClientEvents));
        return bed;
    }

    /// <summary>Gives the server the client's DTLS parameters (as CONNECT_* would), then starts the client.</summary>
    public async Task StartAsync()
    {
        string clientRole = Options.ClientDtlsRole == DtlsRole.Client ? WebRtcDtlsParameters.ClientRole : WebRtcDtlsParameters.ServerRole;
        DtlsFingerprint clientFingerprint = Options.FingerprintGivenToServer ?? TestCertificates.Second.GetFingerprint("sha-256");
        await ServerLoop.InvokeAsync(() => Server.Connect(new WebRtcDtlsParameters([clientFingerprint], clientRole)));
        var candidate = new IPEndPoint(IPAddress.Loopback, Server.IceCandidates.Single(c => c.Protocol == Options.Protocol).Port);
        await ClientLoop.InvokeAsync(() => Client.Connect(Server.IceParameters, candidate, Server.DtlsParameters.Fingerprints[^1]));
    }

    public async Task ConnectAsync()
    {
        await StartAsync();
        await Task.WhenAll(
            ServerEvents.WaitForStateAsync(WebRtcTransportState.Connected),
            ClientEvents.WaitForStateAsync(WebRtcTransportState.Connected));
    }

    /// <summary>Sends RTP in windows, waiting for each window to arrive: loopback UDP may drop a burst that fills a buffer.</summary>
    public static async Task PumpRtpAsync(MediaWorkerLoop loop, WebRtcTransport sender, RecordingHandler receiver, int count, uint ssrc, int window = 32)
    {
        int already = receiver.RtpPackets;
        for (int first = 0; first < count; first += window)
        {
            int start = first;
            int batch = Math.Min(window, count - first);
            int sent = await loop.InvokeAsync(() =>
            {
                var buffer = new byte[MediaPackets.BufferLength];
                int ok = 0;
                for (int i = start; i < start + batch; i++)
                {
                    int length = MediaPackets.WriteRtp(buffer, ssrc, (ushort)(i + 1));
                    ok += sender.TrySendRtp(buffer, length) ? 1 : 0;
                }

                return ok;
            });
            sent.Should().Be(batch);
            await receiver.WaitForRtpAsync(already + start + batch);
        }
    }

    public static async Task PumpRtcpAsync(MediaWorkerLoop loop, WebRtcTransport sender, RecordingHandler receiver, int count, uint ssrc)
    {
        int already = receiver.RtcpPackets;
        int sent = await loop.InvokeAsync(() =>
        {
            var buffer = new byte[MediaPackets.BufferLength];
            int ok = 0;
            for (int i = 0; i < count; i++)
            {
                int length = MediaPackets.WriteRtcp(buffer, ssrc, i);
                ok += sender.TrySendRtcp(buffer, length) ? 1 : 0;
            }

            return ok;
        });
        sent.Should().Be(count);
        await receiver.WaitForRtcpAsync(already + count);
    }

    public void Dispose()
    {
        // Close first, so that handshakes still on the pool are abandoned and the peers get close_notify. A loop a test
        // had to stop itself (it no longer answered) is left as it is.
        Task.WaitAll(
            ClientLoop.IsRunning ? ClientLoop.InvokeAsync(() => Client?.Close()) : Task.CompletedTask,
            ServerLoop.IsRunning ? ServerLoop.InvokeAsync(() => Server?.Close()) : Task.CompletedTask);
        ClientLoop.Dispose();
        ServerLoop.Dispose();
    }
}
