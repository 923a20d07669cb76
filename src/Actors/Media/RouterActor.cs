using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Configuration;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Transport.Media;
using Sfu.Transport.Ortc;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Media;

/// <summary>What a channel's router is created with.</summary>
public sealed record RouterSetup(
    string ChannelUuid,
    MediaWorker Worker,
    WebRtcTransportOptions TransportOptions,
    RouterCapabilities Capabilities,
    string ProducerOptionsJson,
    MediaSettings Media);

/// <summary>
/// A channel's media router (PROTOCOL.md §5.2–§5.5 from the media side): an actor that runs on its media worker's
/// thread, so it drives the worker's <see cref="MediaRouter"/> directly. It turns the sessions' JSON into ORTC
/// parameters, answers their asks, and tells each session when one of its transports fails or one of its consumers
/// closes. Invalid client input is answered with a <see cref="MediaException"/> failure; it never stops the router.
/// </summary>
public sealed class RouterActor : ReceiveActor, IMediaRouterObserver
{
    private readonly RouterSetup _setup;
    private readonly Dictionary<SessionId, SessionTransports> _sessions = [];
    private readonly Dictionary<string, IActorRef> _ownerByTransport = [];
    private readonly Dictionary<string, IActorRef> _ownerByConsumer = [];
    private readonly HashSet<string> _closingTransports = [];
    private MediaRouter? _router;

    public RouterActor(RouterSetup setup)
    {
        _setup = setup;
        Receive<CreateSessionTransports>(m => Answer(() => CreateTransports(m)));
        Receive<ConnectTransport>(m => Answer(() => Connect(m)));
        Receive<Produce>(m => Answer(() => ProduceFor(m)));
        Receive<Consume>(m => Answer(() => ConsumeFor(m)));
        Receive<SetConsumerPaused>(m => Answer(() =>
        {
            Router.SetConsumerPaused(m.ConsumerId, m.Paused);
            return new ConsumerPausedSet(m.ConsumerId, m.Paused);
        }));
        Receive<SetProducerPaused>(m => Router.SetProducerPaused(m.ProducerId, m.Paused));
        Receive<CloseProducer>(m => Router.CloseProducer(m.ProducerId));
        Receive<CloseConsumer>(m =>
        {
            _ownerByConsumer.Remove(m.ConsumerId);
            Router.CloseConsumer(m.ConsumerId);
        });
        Receive<CloseSessionTransports>(m => CloseSession(m.Session));
        Receive<CreateSpeakerConsumer>(m => Answer(() =>
        {
            Router.CreateSpeakerConsumer(m.TransportId, RtpParametersReader.Read(m.RtpParameters));
            return new SpeakerConsumerCreated(m.TransportId);
        }));
        Receive<SetConversation>(m => Answer(() =>
        {
            Router.SetConversation(m.TransportId, m.ConversationId);
            return new ConversationSet(m.TransportId, m.ConversationId);
        }));
        Receive<GetProducerBitrates>(m => Sender.Tell(new ProducerBitrates(
            m.ProducerIds.Distinct().ToDictionary(id => id, id => Router.GetProducerBitrate(id)))));
        Receive<TransportStateReport>(OnTransportState);
        Receive<GetTransportState>(m =>
        {
            WebRtcTransportState? state = Router.TransportState(m.TransportId);
            Sender.Tell(new TransportStateIs(m.TransportId, state == WebRtcTransportState.Connected, state?.ToString() ?? "Closed"));
        });
        Receive<ConsumerClosedReport>(OnConsumerClosed);
    }

    private MediaRouter Router => _router ?? throw new InvalidOperationException("The router is not started.");

    private string Name => $"channel {_setup.ChannelUuid} router";

    protected override void PreStart()
    {
        var options = new MediaRouterOptions(_setup.Capabilities.Capabilities, _setup.Media.MaxBitrateIn, _setup.Media.MaxBitrateOut)
        {
            DominantSpeaker = _setup.Media.DominantSpeaker,
        };
        _router = new MediaRouter(_setup.Worker.Loop, _setup.TransportOptions, options, this);
        Context.Log.LogInformation("{Router} started on media worker {Worker}", Name, _setup.Worker.Index);
    }

    protected override void PostStop()
    {
        _router?.Dispose();
        _router = null;
        _setup.Worker.RouterStopped();
        Context.Log.LogInformation("{Router} stopped", Name);
    }

    // IMediaRouterObserver: called on the worker thread from inside the router; state changes come back as messages.
    void IMediaRouterObserver.OnTransportStateChanged(string transportId, WebRtcTransportState state) =>
        Self.Tell(new TransportStateReport(transportId, state));

    void IMediaRouterObserver.OnConsumerClosed(string consumerId) => Self.Tell(new ConsumerClosedReport(consumerId));

    private SessionTransportsCreated CreateTransports(CreateSessionTransports request)
    {
        if (_sessions.Remove(request.Session, out SessionTransports? previous))
        {
            // The same session id again (a restart or a replacement): its old transports go first.
            CloseTransports(previous);
        }

        WebRtcServerTransport upload = Router.CreateTransport();
        WebRtcServerTransport download = request.OneTransport ? upload : Router.CreateTransport();
        var transports = new SessionTransports(upload.Id, download.Id);
        _sessions[request.Session] = transports;
        _ownerByTransport[upload.Id] = request.Owner;
        _ownerByTransport[download.Id] = request.Owner;
        return new SessionTransportsCreated(
            JsonNode.Parse(_setup.Capabilities.Json)!,
            JsonNode.Parse(_setup.ProducerOptionsJson)!,
            Describe(upload),
            Describe(download));
    }

    private static TransportDescription Describe(WebRtcServerTransport transport)
    {
        FingerprintParameter[] fingerprints = [.. transport.DtlsParameters.Fingerprints.Select(f => new FingerprintParameter(f.Algorithm, f.Value))];
        string json = TransportParametersJson.Write(transport.Id, transport.IceParameters.UsernameFragment,
            transport.IceParameters.Password, transport.IceCandidates, fingerprints);
        return new TransportDescription(transport.Id, JsonNode.Parse(json)!);
    }

    private TransportConnected Connect(ConnectTransport request)
    {
        RemoteDtlsParameters remote = RemoteDtlsParameters.Read(request.DtlsParameters);
        string role = remote.Role switch
        {
            AnnouncedDtlsRole.Client => WebRtcDtlsParameters.ClientRole,
            AnnouncedDtlsRole.Server => WebRtcDtlsParameters.ServerRole,
            _ => WebRtcDtlsParameters.AutoRole,
        };
        Router.ConnectTransport(request.TransportId, new WebRtcDtlsParameters(remote.Fingerprints, role));
        return new TransportConnected(request.TransportId);
    }

    private Produced ProduceFor(Produce request)
    {
        if (!MediaKinds.TryParse(request.Kind, out MediaKind kind))
        {
            throw new MediaException($"kind must be \"audio\" or \"video\", not \"{request.Kind}\"");
        }

        RtpParameters parameters = RtpParametersReader.Read(request.RtpParameters);
        string producerId = Router.Produce(request.TransportId, kind, parameters);
        Context.Log.LogInformation("{Router}: producer {Producer} ({Type}, {Kind})", Name, producerId, request.Type, request.Kind);
        return new Produced(producerId);
    }

    private object ConsumeFor(Consume request)
    {
        RtpCapabilities capabilities;
        try
        {
            capabilities = RtpCapabilitiesReader.Read(request.ClientCapabilities);
        }
        catch (OrtcException e)
        {
            // Capabilities the client sent that we cannot read cannot consume anything (§6.6.5); not an error.
            Context.Log.LogWarning("{Router}: unreadable client capabilities ({Reason}); nothing consumed", Name, e.Message);
            return new CannotConsume(request.ProducerId);
        }

        ConsumerCreated? created = Router.Consume(request.TransportId, request.ProducerId, capabilities, request.Mid, request.ClientNumbering);
        if (created is null)
        {
            return new CannotConsume(request.ProducerId);
        }

        if (_ownerByTransport.TryGetValue(request.TransportId, out IActorRef? owner))
        {
            _ownerByConsumer[created.Id] = owner;
        }

        return new Consumed(created.Id, created.Kind.ToWire(), JsonNode.Parse(OrtcJsonWriter.ToJson(created.RtpParameters))!);
    }

    private void CloseSession(SessionId session)
    {
        if (_sessions.Remove(session, out SessionTransports? transports))
        {
            CloseTransports(transports);
        }
    }

    private void CloseTransports(SessionTransports transports)
    {
        foreach (string id in new[] { transports.UploadId, transports.DownloadId })
        {
            _closingTransports.Add(id);
            _ownerByTransport.Remove(id);
            Router.CloseTransport(id);
            _closingTransports.Remove(id);
        }
    }

    private void OnTransportState(TransportStateReport report)
    {
        if (report.State is not (WebRtcTransportState.Failed or WebRtcTransportState.Disconnected or WebRtcTransportState.Closed)
            || _closingTransports.Contains(report.TransportId)
            || !_ownerByTransport.TryGetValue(report.TransportId, out IActorRef? owner))
        {
            return;
        }

        Context.Log.LogWarning("{Router}: transport {Transport} {State}", Name, report.TransportId, report.State);
        owner.Tell(new TransportFailed(report.TransportId, report.State.ToString()));
    }

    private void OnConsumerClosed(ConsumerClosedReport report)
    {
        if (_ownerByConsumer.Remove(report.ConsumerId, out IActorRef? owner))
        {
            owner.Tell(new ConsumerClosed(report.ConsumerId));
        }
    }

    /// <summary>Runs a request; its reply, or a failure the asking session can read, goes back to the sender.</summary>
    private void Answer(Func<object> handle)
    {
        try
        {
            Sender.Tell(handle());
        }
        catch (Exception e) when (e is OrtcException or MediaRouterException or MediaException or JsonException)
        {
            Context.Log.LogWarning("{Router}: refused: {Reason}", Name, e.Message);
            Sender.Tell(new Status.Failure(e as MediaException ?? new MediaException(e.Message)));
        }
    }

    private sealed record SessionTransports(string UploadId, string DownloadId);

    private sealed record TransportStateReport(string TransportId, WebRtcTransportState State);

    private sealed record ConsumerClosedReport(string ConsumerId);
}
