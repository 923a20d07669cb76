using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Load.Signaling;
using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;

namespace Sfu.Load.Participants;

/// <summary>What a participant's transports hand over, on the loop thread; spans are valid only during the call.</summary>
public interface IParticipantMediaSink
{
    void OnDownloadRtp(Participant participant, Span<byte> packet);

    void OnRtcp(Participant participant, bool download, Span<byte> packet);
}

/// <summary>
/// A synthetic participant speaking the public protocol only, as a browser with mediasoup-client would: it joins
/// over the signaling, answers INIT_TRANSPORTS with the router's own capabilities as its receive capabilities,
/// connects both transports in client mode, accepts every INIT_CONSUMER, and produces with the parameters it is
/// given. Used by sfu-load and by the media integration tests.
/// </summary>
public sealed class Participant : IWebRtcTransportHandler, IAsyncDisposable
{
    private readonly MediaWorkerLoop _loop;
    private readonly WebRtcTransportOptions _options;
    private readonly IParticipantMediaSink? _sink;
    private readonly bool _sendsTransportFeedback;
    private readonly TaskCompletionSource _transportsConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The signaling client once connected. Its receive loop starts before the connect returns, so the server's first
    /// requests (INIT_TRANSPORTS) can be handled before <see cref="_signaling"/> is set; what they send waits for this.
    /// </summary>
    private readonly TaskCompletionSource<SignalingClient> _signalingConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SignalingClient? _signaling;
    private ParticipantTransports? _transports;
    private DownloadFeedback? _feedback;

    private Participant(MediaWorkerLoop loop, WebRtcTransportOptions options, IParticipantMediaSink? sink, bool sendsTransportFeedback)
    {
        _loop = loop;
        _options = options;
        _sink = sink;
        _sendsTransportFeedback = sendsTransportFeedback;
    }

    public SignalingClient Signaling => _signaling ?? throw new InvalidOperationException("Not joined.");

    /// <summary>Consumers announced by the server, by consumer id (a type announced again replaces its consumer).</summary>
    public ConcurrentDictionary<string, ReceivedConsumer> Consumers { get; } = new();

    private readonly ConcurrentDictionary<uint, byte> _rtxSsrcs = new();

    /// <summary>Whether <paramref name="ssrc"/> is a consumer's RTX stream: retransmissions and bandwidth probes (any thread).</summary>
    public bool IsRetransmissionSsrc(uint ssrc) => _rtxSsrcs.ContainsKey(ssrc);

    /// <summary>Raised (on a signaling thread) for every INIT_CONSUMER accepted.</summary>
    public event Action<ReceivedConsumer>? ConsumerAdded;

    /// <summary>Completes when both transports reached Connected (ICE, DTLS and SRTP done).</summary>
    public Task TransportsConnected => _transportsConnected.Task;

    public WebRtcTransport? Upload => _transports?.Upload;

    public WebRtcTransport? Download => _transports?.Download;

    /// <param name="loop">The client-side loop the transports run on (no worker socket needed).</param>
    /// <param name="options">Our DTLS certificate and handshake pool.</param>
    /// <param name="sendsTransportFeedback">
    /// Return transport-cc feedback about what the download transport receives, as a browser does, so that the
    /// server's bandwidth estimate follows the path; without it the estimate stays at its start (§7.6).
    /// </param>
    public static async Task<Participant> JoinAsync(
        Uri server, string channelUuid, string jwt, MediaWorkerLoop loop, WebRtcTransportOptions options, IParticipantMediaSink? sink = null,
        bool sendsTransportFeedback = false)
    {
        var participant = new Participant(loop, options, sink, sendsTransportFeedback);
        participant._signaling = await SignalingClient.ConnectAsync(server, channelUuid, jwt, participant.HandleRequestAsync).ConfigureAwait(false);
        participant._signalingConnected.SetResult(participant._signaling);
        return participant;
    }

    /// <summary>INIT_PRODUCER; returns the producer id.</summary>
    public async Task<string> ProduceAsync(string type, string kind, JsonNode rtpParameters)
    {
        await TransportsConnected.ConfigureAwait(false);
        JsonElement? response = await Signaling.RequestAsync("INIT_PRODUCER", new JsonObject
        {
            ["type"] = type,
            ["kind"] = kind,
            ["rtpParameters"] = rtpParameters.DeepClone(),
        }).ConfigureAwait(false);
        return response?.GetProperty("id").GetString() ?? throw new SignalingException("INIT_PRODUCER answered without an id", null);
    }

    /// <summary>Encrypts and sends an RTP packet on the upload transport (call on the loop thread).</summary>
    public bool SendRtp(Span<byte> buffer, int length) => _transports?.Upload.TrySendRtp(buffer, length) ?? false;

    /// <summary>Encrypts and sends RTCP on the upload transport, e.g. Sender Reports about what it sends (loop thread).</summary>
    public bool SendUploadRtcp(Span<byte> buffer, int length) => _transports?.Upload.TrySendRtcp(buffer, length) ?? false;

    /// <summary>Encrypts and sends RTCP on the download transport, e.g. NACK or PLI about a consumer (loop thread).</summary>
    public bool SendDownloadRtcp(Span<byte> buffer, int length) => _transports?.Download.TrySendRtcp(buffer, length) ?? false;

    public async ValueTask DisposeAsync()
    {
        if (_signaling is not null)
        {
            await _signaling.DisposeAsync().ConfigureAwait(false);
        }

        if (_transports is { } transports)
        {
            await _loop.InvokeAsync(() =>
            {
                _feedback?.Stop();
                transports.Dispose();
            }).ConfigureAwait(false);
        }
    }

    void IWebRtcTransportHandler.OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current)
    {
        if (_transports is { } t && t.Upload.State == WebRtcTransportState.Connected && t.Download.State == WebRtcTransportState.Connected)
        {
            _transportsConnected.TrySetResult();
        }
        else if (current is WebRtcTransportState.Failed)
        {
            _transportsConnected.TrySetException(new InvalidOperationException($"transport {transport.Id} failed"));
        }
    }

    void IWebRtcTransportHandler.OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        if (ReferenceEquals(transport, _transports?.Download))
        {
            _feedback?.OnRtp(packet);
            _sink?.OnDownloadRtp(this, packet);
        }
    }

    void IWebRtcTransportHandler.OnRtcp(WebRtcTransport transport, Span<byte> packet) =>
        _sink?.OnRtcp(this, ReferenceEquals(transport, _transports?.Download), packet);

    private async Task ConnectWhenAcceptedAsync(string request, WebRtcClientTransport transport, JsonElement config)
    {
        try
        {
            SignalingClient signaling = await _signalingConnected.Task.ConfigureAwait(false);
            await signaling.RequestAsync(request, new { dtlsParameters = ParticipantTransports.DtlsParametersOf(_options) }).ConfigureAwait(false);
            await _loop.InvokeAsync(() => ParticipantTransports.Start(transport, config)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SignalingException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            _transportsConnected.TrySetException(new InvalidOperationException($"{request} failed: {e.Message}", e));
        }
    }

    private async Task<JsonNode?> HandleRequestAsync(string name, JsonElement? payload)
    {
        switch (name)
        {
            case "INIT_TRANSPORTS":
                JsonElement init = payload!.Value;
                JsonElement cts = init.GetProperty("ctsConfig").Clone();
                JsonElement stc = init.GetProperty("stcConfig").Clone();
                ParticipantTransports transports = await _loop.InvokeAsync(() =>
                {
                    ParticipantTransports created = ParticipantTransports.Create(_loop, _options, this);
                    _feedback = _sendsTransportFeedback ? new DownloadFeedback(_loop, created.Download) : null;
                    return created;
                }).ConfigureAwait(false);
                _transports = transports;
                // As mediasoup-client does: CONNECT each transport with our DTLS parameters (we are the DTLS client) and
                // let ICE and DTLS start only once the server has accepted it, so that our first DTLS flight never
                // reaches a transport that does not know our fingerprint yet (it would wait a retransmission, 1 s).
                _ = ConnectWhenAcceptedAsync("CONNECT_CTS_TRANSPORT", transports.Upload, cts);
                _ = ConnectWhenAcceptedAsync("CONNECT_STC_TRANSPORT", transports.Download, stc);
                JsonNode capabilities = JsonNode.Parse(init.GetProperty("capabilities").GetRawText())!;
                return capabilities;
            case "INIT_CONSUMER":
                ReceivedConsumer consumer = ReceivedConsumer.From(payload!.Value);
                foreach (var (id, existing) in Consumers)
                {
                    if (existing.Type == consumer.Type && existing.SessionId.GetRawText() == consumer.SessionId.GetRawText())
                    {
                        Consumers.TryRemove(id, out _);
                    }
                }

                if (consumer.RtxSsrc is uint rtxSsrc)
                {
                    _rtxSsrcs[rtxSsrc] = 0;
                }

                Consumers[consumer.Id] = consumer;
                if (consumer.TransportWideCcId is byte wideId)
                {
                    _feedback?.UseExtensionId(wideId);
                }

                ConsumerAdded?.Invoke(consumer);
                return null;
            case "PING":
                return null;
            default:
                throw new InvalidOperationException($"unknown request {name}");
        }
    }
}
