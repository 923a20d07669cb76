using Sfu.Transport.Net;
using Sfu.Transport.Ortc;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Media;

/// <summary>
/// A channel's media (PROTOCOL.md §5.5, §6.6, §7): its WebRTC transports on the worker's shared sockets, the producers
/// browsers send, and the consumers each receiver gets. The control operations come from the channel's router actor,
/// which runs on this worker's thread; the packets come from the transports. Nothing here is thread-safe, and nothing
/// needs to be: every member runs on the worker loop's thread.
/// </summary>
public sealed class MediaRouter : IDisposable
{
    private readonly WebRtcTransportOptions _transportOptions;
    private readonly Dictionary<string, MediaTransport> _transports = [];
    private readonly Dictionary<string, Producer> _producers = [];
    private readonly Dictionary<string, Consumer> _consumers = [];
    private readonly HashSet<string> _connected = [];
    private readonly Dictionary<string, Conversation> _conversations = [];
    private readonly byte[] _rtpScratch = new byte[1500 + MediaTransport.SrtpHeadroom];
    private readonly byte[] _retransmissionScratch = new byte[1500 + MediaTransport.SrtpHeadroom];
    private readonly byte[] _historyScratch = new byte[1500];
    private readonly byte[] _rtcpScratch = new byte[1200];
    private bool _disposed;

    public MediaRouter(MediaWorkerLoop loop, WebRtcTransportOptions transportOptions, MediaRouterOptions options, IMediaRouterObserver observer)
    {
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(transportOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        Loop = loop;
        _transportOptions = transportOptions;
        Options = options;
        Observer = observer;
    }

    public MediaWorkerLoop Loop { get; }

    public MediaRouterOptions Options { get; }

    public RtpCapabilities Capabilities => Options.Capabilities;

    internal IMediaRouterObserver Observer { get; }

    /// <summary>What escaped a packet or timer handler and stopped the router's media; null while it works.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Read first by every packet and timer handler: a failed router handles nothing more.</summary>
    internal bool HasFailed => Failure is not null;

    /// <summary>Where a packet is rewritten for one consumer before it is encrypted and sent (worker thread only).</summary>
    internal Span<byte> RtpScratch => _rtpScratch;

    /// <summary>Where a NACKed packet is rebuilt before it is wrapped as RTX into <see cref="RtpScratch"/>.</summary>
    internal Span<byte> RetransmissionScratch => _retransmissionScratch;

    /// <summary>Where a NACKed packet's stored copy is read to (<see cref="Feedback.RetransmissionBuffer.TryCopy"/>) before it is rebuilt.</summary>
    internal Span<byte> HistoryScratch => _historyScratch;

    internal Span<byte> RtcpScratch => _rtcpScratch;

    public WebRtcServerTransport CreateTransport()
    {
        Loop.VerifyOwnerThread();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var transport = new MediaTransport(this, _transportOptions);
        _transports[transport.Id] = transport;
        return transport.Transport;
    }

    public void ConnectTransport(string transportId, WebRtcDtlsParameters remote)
    {
        Loop.VerifyOwnerThread();
        MediaTransport transport = TransportOf(transportId);
        if (!_connected.Add(transportId))
        {
            throw new MediaRouterException($"transport {transportId} is already connected");
        }

        try
        {
            transport.Transport.Connect(remote);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new MediaRouterException($"transport {transportId} cannot connect: {e.Message}");
        }
    }

    /// <summary>Validates and maps a browser's producer (§6.6.1, §6.6.3); returns its id.</summary>
    /// <exception cref="OrtcException">The parameters do not fit the router's capabilities.</exception>
    public string Produce(string transportId, MediaKind kind, RtpParameters rtpParameters)
    {
        Loop.VerifyOwnerThread();
        MediaTransport transport = TransportOf(transportId);
        if (rtpParameters.Codecs.Count == 0 || rtpParameters.Codecs[0].Kind != kind)
        {
            throw new MediaRouterException($"the first codec is not {kind.ToWire()}");
        }

        if (rtpParameters.Encodings.Count > Feedback.SentPacketLog.MaxLayers)
        {
            throw new MediaRouterException($"at most {Feedback.SentPacketLog.MaxLayers} encodings per producer");
        }

        ProducerRtpMapping mapping = ProducerMapping.Map(rtpParameters, Capabilities, SsrcGenerator.Next);
        RtpParameters parameters = transport.Cname.Apply(mapping.Parameters);
        RtpParameters consumable = ConsumableParameters.Build(kind, parameters, Capabilities, mapping.Mapping);
        var producer = new Producer(Guid.NewGuid().ToString(), kind, transport, parameters, consumable);
        foreach (ProducerStream stream in producer.Streams)
        {
            if (stream.Ssrc is uint ssrc && transport.Producers.Any(p => p.Streams.Any(s => s.Ssrc == ssrc)))
            {
                throw new MediaRouterException($"ssrc {ssrc} is already used by another producer of this transport");
            }
        }

        transport.Add(producer);
        _producers[producer.Id] = producer;
        return producer.Id;
    }

    /// <summary>A paused consumer of the producer for a client with these capabilities; null when it cannot consume.</summary>
    /// <param name="mid">The mid to send with; null takes the transport's next one (mediasoup-client adopts it, §6.5).</param>
    /// <param name="clientNumbering">
    /// Send with the client's payload types and extension ids (an SDP client, see <see cref="ClientNumbering"/>) rather
    /// than the router's.
    /// </param>
    public ConsumerCreated? Consume(string transportId, string producerId, RtpCapabilities clientCapabilities, string? mid = null, bool clientNumbering = false)
    {
        Loop.VerifyOwnerThread();
        MediaTransport transport = TransportOf(transportId);
        if (!_producers.TryGetValue(producerId, out Producer? producer))
        {
            throw new MediaRouterException($"unknown producer {producerId}");
        }

        RtpCapabilities matched = clientNumbering ? ClientNumbering.WithRouterExtensionIds(clientCapabilities, Capabilities) : clientCapabilities;
        if (!ConsumerParameters.CanConsume(producer.Consumable, matched))
        {
            return null;
        }

        RtpParameters parameters = ConsumerParameters.Build(producer.Consumable, matched, pipe: false,
            enableRtx: ConsumerParameters.RtxEnabledFor(producer.Kind), SsrcGenerator.Next) with { Mid = mid ?? transport.NextMid() };
        if (clientNumbering)
        {
            parameters = ClientNumbering.ToClient(parameters, clientCapabilities);
        }

        var consumer = new Consumer(Guid.NewGuid().ToString(), producer, transport, parameters);
        producer.Add(consumer);
        transport.Add(consumer);
        _consumers[consumer.Id] = consumer;
        return new ConsumerCreated(consumer.Id, producer.Kind, parameters);
    }

    /// <summary>
    /// The one receive track of a transport (Beep mode), fed by the dominant speaker of the conversation the transport
    /// joins with <see cref="SetConversation"/>. A second call replaces the first track.
    /// </summary>
    public void CreateSpeakerConsumer(string transportId, RtpParameters parameters)
    {
        Loop.VerifyOwnerThread();
        MediaTransport transport = TransportOf(transportId);
        transport.SpeakerConsumer = new SpeakerConsumer(Guid.NewGuid().ToString(), transport, parameters);
    }

    /// <summary>Moves a transport into a conversation (leaving its previous one), or out of any with null.</summary>
    public void SetConversation(string transportId, string? conversationId)
    {
        Loop.VerifyOwnerThread();
        MediaTransport transport = TransportOf(transportId);
        if (transport.ConversationMember?.Conversation.Id == conversationId)
        {
            return;
        }

        LeaveConversation(transport);
        if (conversationId is null)
        {
            return;
        }

        if (!_conversations.TryGetValue(conversationId, out Conversation? conversation))
        {
            conversation = new Conversation(conversationId, Loop, Options.DominantSpeaker);
            _conversations[conversationId] = conversation;
        }

        transport.ConversationMember = conversation.Add(transport);
    }

    public IReadOnlyCollection<Conversation> Conversations => _conversations.Values;

    /// <summary>The ICE/DTLS state of a transport; null once it is closed (or was never created here).</summary>
    public WebRtcTransportState? TransportState(string transportId)
    {
        Loop.VerifyOwnerThread();
        return _transports.TryGetValue(transportId, out MediaTransport? transport) ? transport.Transport.State : null;
    }

    public void SetProducerPaused(string producerId, bool paused)
    {
        Loop.VerifyOwnerThread();
        if (!_producers.TryGetValue(producerId, out Producer? producer) || producer.Paused == paused)
        {
            return;
        }

        long nowMs = Loop.NowMs;
        bool[] wasActive = [.. producer.Consumers.Select(c => c.IsActive)];
        producer.Paused = paused;
        for (int i = 0; i < producer.Consumers.Count; i++)
        {
            producer.Consumers[i].OnProducerPauseChanged(wasActive[i], nowMs);
        }
    }

    public void SetConsumerPaused(string consumerId, bool paused)
    {
        Loop.VerifyOwnerThread();
        if (_consumers.TryGetValue(consumerId, out Consumer? consumer))
        {
            consumer.SetPaused(paused, Loop.NowMs);
        }
    }

    public void CloseProducer(string producerId)
    {
        Loop.VerifyOwnerThread();
        if (!_producers.Remove(producerId, out Producer? producer))
        {
            return;
        }

        producer.Transport.Remove(producer);
        foreach (Consumer consumer in producer.Consumers.ToList())
        {
            RemoveConsumer(consumer);
            Observer.OnConsumerClosed(consumer.Id);
        }
    }

    public void CloseConsumer(string consumerId)
    {
        Loop.VerifyOwnerThread();
        if (_consumers.TryGetValue(consumerId, out Consumer? consumer))
        {
            RemoveConsumer(consumer);
        }
    }

    public void CloseTransport(string transportId)
    {
        Loop.VerifyOwnerThread();
        if (!_transports.Remove(transportId, out MediaTransport? transport))
        {
            return;
        }

        foreach (Producer producer in transport.Producers.ToList())
        {
            CloseProducer(producer.Id);
        }

        foreach (Consumer consumer in transport.Consumers.ToList())
        {
            RemoveConsumer(consumer);
            Observer.OnConsumerClosed(consumer.Id);
        }

        LeaveConversation(transport);
        _connected.Remove(transportId);
        transport.Close();
    }

    /// <summary>
    /// Caps what one transport sends (mediasoup's setMaxOutgoingBitrate, §7.6): its consumers' layers are chosen within
    /// the smaller of the bandwidth estimate and this cap, itself never above MAX_BITRATE_OUT. Returns the cap in force.
    /// </summary>
    public long SetMaxOutgoingBitrate(string transportId, long bitsPerSecond)
    {
        Loop.VerifyOwnerThread();
        if (bitsPerSecond <= 0)
        {
            throw new MediaRouterException($"a transport's outgoing bitrate cap must be positive, not {bitsPerSecond}");
        }

        return TransportOf(transportId).LimitOutgoingBitrate(bitsPerSecond);
    }

    /// <summary>A transport's send-side bandwidth estimate within its cap (R96), bit/s.</summary>
    public long GetAvailableOutgoingBitrate(string transportId)
    {
        Loop.VerifyOwnerThread();
        return TransportOf(transportId).AvailableBitrate;
    }

    public long GetMaxOutgoingBitrate(string transportId)
    {
        Loop.VerifyOwnerThread();
        return TransportOf(transportId).MaxOutgoingBitrate;
    }

    public long GetProducerBitrate(string producerId)
    {
        Loop.VerifyOwnerThread();
        return _producers.TryGetValue(producerId, out Producer? producer) ? producer.GetBitrate(Loop.NowMs) : 0;
    }

    /// <summary>Asks the sender of one layer of a producer for a key frame, coalesced per stream (R87, R97).</summary>
    internal void RequestKeyFrame(Producer producer, int spatialLayer, long nowMs)
    {
        if (producer.Kind != MediaKind.Video || spatialLayer < 0 || spatialLayer >= producer.Streams.Length)
        {
            return;
        }

        ProducerStream stream = producer.Streams[spatialLayer];
        if (stream.Ssrc is uint ssrc && stream.KeyFrames.Request(nowMs))
        {
            producer.Transport.SendKeyFrameRequest(producer, ssrc, _rtcpScratch);
        }
    }

    /// <summary>A packet or timer handler threw: the router stops handling media and tells its owner, once.</summary>
    internal void Fail(Exception cause)
    {
        if (Failure is not null)
        {
            return;
        }

        Failure = cause;
        Observer.OnRouterFailed(cause);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (string transportId in _transports.Keys.ToList())
        {
            CloseTransport(transportId);
        }
    }

    private MediaTransport TransportOf(string transportId) =>
        _transports.TryGetValue(transportId, out MediaTransport? transport)
            ? transport
            : throw new MediaRouterException($"unknown transport {transportId}");

    private void LeaveConversation(MediaTransport transport)
    {
        if (transport.ConversationMember is not { } member)
        {
            return;
        }

        transport.ConversationMember = null;
        if (member.Conversation.Remove(member))
        {
            member.Conversation.Close();
            _conversations.Remove(member.Conversation.Id);
        }
    }

    private void RemoveConsumer(Consumer consumer)
    {
        _consumers.Remove(consumer.Id);
        consumer.Producer.Remove(consumer);
        consumer.Transport.Remove(consumer);
    }
}
