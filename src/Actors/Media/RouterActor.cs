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
    RouterPlacement Placement,
    WebRtcTransportOptions TransportOptions,
    RouterCapabilities Capabilities,
    string ProducerOptionsJson,
    MediaSettings Media)
{
    public MediaWorker Worker => Placement.Worker;
}

/// <summary>
/// A channel's media router (PROTOCOL.md §5.2–§5.5 from the media side): an actor that runs on its media worker's
/// thread, so it drives the worker's <see cref="MediaRouter"/> directly. It turns the sessions' JSON into ORTC
/// parameters, answers their asks, and tells each session when one of its consumers closes. Each transport has a
/// <see cref="TransportActor"/> child that tells its session of the transport's state changes. Invalid client input
/// is answered with a <see cref="MediaException"/> failure; it never stops the router. What does stop it (so that its
/// supervisor replaces it) is media it can no longer trust: an exception out of its packet or timer path, or the death
/// of its worker.
/// </summary>
public sealed class RouterActor : ReceiveActor, IMediaRouterObserver
{
    private readonly RouterSetup _setup;
    private readonly Dictionary<SessionId, SessionTransports> _sessions = [];
    private readonly Dictionary<string, TransportEntry> _transports = [];
    private readonly Dictionary<string, IActorRef> _ownerByConsumer = [];
    private MediaRouter? _router;
    private CancellationTokenRegistration _workerLost;

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
        Receive<LimitSessionDownload>(m => Answer(() => LimitDownload(m)));
        Receive<GetSessionDownload>(m => Answer(() =>
        {
            string download = DownloadOf(m.Session);
            return new SessionDownload(m.Session, Router.GetAvailableOutgoingBitrate(download), Router.GetMaxOutgoingBitrate(download));
        }));
        Receive<GetTransportState>(m =>
        {
            WebRtcTransportState? state = Router.TransportState(m.TransportId);
            Sender.Tell(new TransportStateIs(m.TransportId, state == WebRtcTransportState.Connected, state?.ToString() ?? "Closed"));
        });
        Receive<ConsumerClosedReport>(OnConsumerClosed);
        Receive<MediaFailed>(m => throw new MediaRouterLostException($"{Name}: {m.What}", m.Cause));
    }

    private MediaRouter Router => _router ?? throw new InvalidOperationException("The router is not started.");

    private string Name => $"channel {_setup.ChannelUuid} router";

    protected override void PreStart()
    {
        _setup.Placement.OnRouterStarted();
        var options = new MediaRouterOptions(_setup.Capabilities.Capabilities, _setup.Media.MaxBitrateIn, _setup.Media.MaxBitrateOut)
        {
            DominantSpeaker = _setup.Media.DominantSpeaker,
            ProbeBandwidth = _setup.Media.ProbeBandwidth,
        };
        _router = new MediaRouter(_setup.Worker.Loop, _setup.TransportOptions, options, this);
        IActorRef self = Self;
        _workerLost = _setup.Worker.Lost.Register(() => self.Tell(new MediaFailed("its media worker died", null)));
        Context.Log.LogInformation("{Router} started on media worker {Worker}", Name, _setup.Worker.Index);
    }

    protected override void PostStop()
    {
        try
        {
            _workerLost.Dispose();
            _transports.Clear(); // the transport actors stopped before this; nobody is told of the closes below
            if (_setup.Worker.Loop.IsRunning)
            {
                _router?.Dispose();
            }

            // Otherwise the worker's thread is gone, and its sockets and timers with it: nothing is left to close.
            _router = null;
        }
        finally
        {
            _setup.Placement.OnRouterStopped();
            Context.Log.LogInformation("{Router} stopped", Name);
        }
    }

    // IMediaRouterObserver: called on the worker thread from inside the router, the thread this actor runs on, so the
    // table of transport actors may be read here. State changes are rare; each becomes one message to its actor.
    void IMediaRouterObserver.OnTransportStateChanged(string transportId, WebRtcTransportState state, string? reason)
    {
        if (_transports.TryGetValue(transportId, out TransportEntry? entry))
        {
            entry.Actor.Tell(new TransportStateObserved(state, reason));
        }
    }

    void IMediaRouterObserver.OnConsumerClosed(string consumerId) => Self.Tell(new ConsumerClosedReport(consumerId));

    void IMediaRouterObserver.OnRouterFailed(Exception cause) =>
        Self.Tell(new MediaFailed("an exception escaped its packet or timer path", cause));

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
        StartTransportActor(upload, TransportDirection.Upload, request.Owner);
        StartTransportActor(download, TransportDirection.Download, request.Owner);
        return new SessionTransportsCreated(
            JsonNode.Parse(_setup.Capabilities.Json)!,
            JsonNode.Parse(_setup.ProducerOptionsJson)!,
            Describe(upload),
            Describe(download));
    }

    /// <summary>Starts the transport's actor, on this worker, and tells it the state the transport already has.</summary>
    private void StartTransportActor(WebRtcServerTransport transport, TransportDirection direction, IActorRef owner)
    {
        string id = transport.Id;
        Props props = Props.Create(() => new TransportActor(id, direction, owner)).WithDispatcher(_setup.Worker.Dispatcher);
        IActorRef actor = Context.ActorOf(props, $"{direction.ToString().ToLowerInvariant()}-{id}");
        _transports[id] = new TransportEntry(actor, owner);
        actor.Tell(new TransportStateObserved(transport.State, null));
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

        if (_transports.TryGetValue(request.TransportId, out TransportEntry? transport))
        {
            _ownerByConsumer[created.Id] = transport.Owner;
        }

        return new Consumed(created.Id, created.Kind.ToWire(), JsonNode.Parse(OrtcJsonWriter.ToJson(created.RtpParameters))!);
    }

    private string DownloadOf(SessionId session) =>
        _sessions.TryGetValue(session, out SessionTransports? transports)
            ? transports.DownloadId
            : throw new MediaException($"session {session} has no transports in this channel");

    private SessionDownloadLimited LimitDownload(LimitSessionDownload request)
    {
        long cap = Router.SetMaxOutgoingBitrate(DownloadOf(request.Session), request.MaxBitrate);
        Context.Log.LogInformation("{Router}: download of session {Session} capped at {Bitrate} bit/s", Name, request.Session, cap);
        return new SessionDownloadLimited(request.Session, cap);
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
            // The actor goes first: the session asked for this close and is not told of it.
            if (_transports.Remove(id, out TransportEntry? entry))
            {
                Context.Stop(entry.Actor);
            }

            Router.CloseTransport(id);
        }
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

    private sealed record TransportEntry(IActorRef Actor, IActorRef Owner);

    private sealed record ConsumerClosedReport(string ConsumerId);

    private sealed record MediaFailed(string What, Exception? Cause);
}
