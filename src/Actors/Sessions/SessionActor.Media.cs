using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Channels;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Sessions;

/// <summary>
/// The media half of a session (PROTOCOL.md §5.2 step 4, §5.4, §5.5): INIT_TRANSPORTS, the CONNECT_* and INIT_PRODUCER
/// requests, production and consumption changes, and the consumption runs. The router does the media work; the
/// session keeps the bookkeeping and talks to its client. Every reply comes back through the mailbox.
/// </summary>
public sealed partial class SessionActor
{
    private SessionMediaState Media => _memory.Media;

    private void ReceiveMedia()
    {
        Receive<TransportsReady>(OnTransportsReady);
        Receive<ClientCapabilitiesReceived>(OnClientCapabilities);
        Receive<MediaSetupFailed>(OnMediaSetupFailed);
        Receive<TransportConnectAnswered>(m => _bus.Respond(m.RequestId, null));
        Receive<ProducerReady>(OnProducerReady);
        Receive<MediaRequestFailed>(OnMediaRequestFailed);
        Receive<ConsumeSession>(OnConsumeSession);
        Receive<ConsumptionOutcome>(OnConsumptionOutcome);
        Receive<RecoverConsumption>(m => StartConsumption(m.ProducerSession));
        Receive<RemoteSessionLeft>(OnRemoteSessionLeft);
        Receive<ConsumerClosed>(OnConsumerClosed);
        Receive<TransportStateChanged>(OnTransportStateChanged);
    }

    /// <summary>§5.2 step 4.1: the router creates both transports; INIT_TRANSPORTS follows.</summary>
    private void RequestTransports(SessionMediaSetup media)
    {
        Media.TransportsRequested = true;
        media.Router.Ask<SessionTransportsCreated>(new CreateSessionTransports(_setup.Id, Self, _setup.Options.OneTransport), media.RouterTimeout)
            .PipeTo(Self, success: created => new TransportsReady(created), failure: e => new MediaSetupFailed("creating the transports", e));
    }

    private void OnTransportsReady(TransportsReady ready)
    {
        SessionTransportsCreated created = ready.Transports;
        Media.UploadTransportId = created.Upload.Id;
        Media.DownloadTransportId = created.Download.Id;
        if (_memory.State != SessionState.Connecting)
        {
            return; // closed meanwhile: CloseSocket released the transports
        }

        var payload = new JsonObject
        {
            ["capabilities"] = created.RouterCapabilities.DeepClone(),
            ["stcConfig"] = created.Download.Parameters.DeepClone(),
            ["ctsConfig"] = created.Upload.Parameters.DeepClone(),
            ["producerOptionsByKind"] = created.ProducerOptionsByKind.DeepClone(),
        };
        _bus.RequestAsync("INIT_TRANSPORTS", payload, _setup.Signaling.RequestTimeout, immediate: true)
            .PipeTo(Self, success: caps => new ClientCapabilitiesReceived(caps), failure: e => new MediaSetupFailed("INIT_TRANSPORTS", e));
    }

    private void OnClientCapabilities(ClientCapabilitiesReceived received)
    {
        if (_memory.State != SessionState.Connecting)
        {
            return;
        }

        Media.ClientCapabilities = received.Capabilities;
        _memory.State = SessionState.Connected;
        Context.Timers.Cancel(ConnectionDeadline.Key);
        Context.Log.LogInformation("{Session} connected", Name);
        Context.Parent.Tell(new SessionConnected(_setup.Id));
    }

    private void OnMediaSetupFailed(MediaSetupFailed failed)
    {
        if (failed.Cause is BusClosedException || _memory.State == SessionState.Closed)
        {
            return; // the socket's own close message ends the session
        }

        Context.Log.LogError("{Session} failed while {Step}: {Cause}", Name, failed.Step, failed.Cause.Message);
        Close(CloseReason.Error);
    }

    /// <summary>
    /// What a transport actor reports. A transport that failed (ICE or DTLS), lost consent or closed carries no more
    /// media, and no message asks the client to restart ICE (§7.1): the session closes with 1011 and the client
    /// reconnects with new transports.
    /// </summary>
    private void OnTransportStateChanged(TransportStateChanged changed)
    {
        if (changed.TransportId != Media.UploadTransportId && changed.TransportId != Media.DownloadTransportId)
        {
            return; // a transport of an earlier incarnation
        }

        switch (changed.State)
        {
            case WebRtcTransportState.Connected:
                Context.Log.LogInformation("{Session} {Direction} transport connected", Name, changed.Direction);
                break;
            case WebRtcTransportState.Failed or WebRtcTransportState.Disconnected or WebRtcTransportState.Closed:
                Context.Log.LogWarning("{Session} lost its {Direction} transport {Transport} ({State}): {Reason}",
                    Name, changed.Direction, changed.TransportId, changed.State, changed.Reason);
                Close(CloseReason.Error);
                break;
        }
    }

    private void ConnectTransport(ClientRequest request, SessionMediaSetup media)
    {
        string? transportId = request.Name == "CONNECT_CTS_TRANSPORT" ? Media.UploadTransportId : Media.DownloadTransportId;
        if (transportId is null || !Media.ConnectRequested.Add(transportId)
            || request.Payload.ValueKind != JsonValueKind.Object
            || !request.Payload.TryGetProperty("dtlsParameters", out JsonElement dtls))
        {
            // Before INIT_TRANSPORTS, a second connect, or no parameters: no response (§4.5.2).
            Context.Log.LogWarning("{Session} sent {Name} that cannot be honoured; not answered", Name, request.Name);
            return;
        }

        string requestId = request.RequestId;
        media.Router.Ask<TransportConnected>(new ConnectTransport(transportId, dtls.Clone()), media.RouterTimeout)
            .PipeTo(Self, success: _ => new TransportConnectAnswered(requestId),
                failure: e => new MediaRequestFailed(request.Name, e, CountsAsError: false));
    }

    /// <summary>INIT_PRODUCER (§5.4): replace the producer of that type, then announce it.</summary>
    private void InitProducer(ClientRequest request, SessionMediaSetup media)
    {
        JsonElement payload = request.Payload;
        if (Media.UploadTransportId is null
            || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String
            || !payload.TryGetProperty("kind", out JsonElement kindElement) || kindElement.ValueKind != JsonValueKind.String
            || !payload.TryGetProperty("rtpParameters", out JsonElement rtpParameters))
        {
            Context.Log.LogWarning("{Session} sent INIT_PRODUCER without transports or with a malformed payload", Name);
            CountError();
            return;
        }

        string type = typeElement.GetString()!;
        if (Media.Producers.Remove(type, out PublishedProducer? previous))
        {
            media.Router.Tell(new CloseProducer(previous.ProducerId));
            Context.Parent.Tell(new ProducersChanged(_setup.Id, Media.ProducerList()));
        }

        string kind = kindElement.GetString()!;
        string requestId = request.RequestId;
        media.Router.Ask<Produced>(new Produce(Media.UploadTransportId, type, kind, rtpParameters.Clone()), media.RouterTimeout)
            .PipeTo(Self, success: p => new ProducerReady(requestId, type, kind, p.ProducerId),
                failure: e => new MediaRequestFailed("INIT_PRODUCER", e, CountsAsError: true));
    }

    private void OnProducerReady(ProducerReady ready)
    {
        if (_memory.State == SessionState.Closed)
        {
            _setup.Media?.Router.Tell(new CloseProducer(ready.ProducerId));
            return;
        }

        if (Media.Producers.TryGetValue(ready.Type, out PublishedProducer? raced))
        {
            // Two INIT_PRODUCER of one type in flight: the later one wins, as it would have closed the first.
            _setup.Media?.Router.Tell(new CloseProducer(raced.ProducerId));
        }

        Media.Producers[ready.Type] = new PublishedProducer(ready.Type, ready.ProducerId, ready.Kind, Paused: false);
        if (ready.Type == "camera")
        {
            _memory.Info.SetRaw("isCameraOn", JsonSerializer.SerializeToElement(true));
        }
        else if (ready.Type == "screen")
        {
            _memory.Info.SetRaw("isScreenSharingOn", JsonSerializer.SerializeToElement(true));
        }

        Context.Parent.Tell(new ProducersChanged(_setup.Id, Media.ProducerList()));
        Context.Parent.Tell(new SessionInfoChanged(_setup.Id, _memory.Info.Clone(), NeedRefresh: false, Broadcast: true));
        _bus.Respond(ready.RequestId, new JsonObject { ["id"] = ready.ProducerId });
    }

    private void OnMediaRequestFailed(MediaRequestFailed failed)
    {
        Context.Log.LogWarning("{Session}: {Request} failed: {Cause}", Name, failed.Request, failed.Cause.Message);
        if (failed.CountsAsError)
        {
            CountError();
        }
    }

    /// <summary>PRODUCTION_CHANGE with a producer of that type (§5.4 steps 3–5).</summary>
    private bool TryChangeProduction(string type, JsonElement active)
    {
        if (_setup.Media is not { } media || !Media.Producers.TryGetValue(type, out PublishedProducer? producer))
        {
            return false;
        }

        bool paused = !Auth.JsTruthiness.IsTruthy(active);
        Media.Producers[type] = producer with { Paused = paused };
        media.Router.Tell(new SetProducerPaused(producer.ProducerId, paused));
        Context.Parent.Tell(new ProducersChanged(_setup.Id, Media.ProducerList()));
        return true;
    }

    /// <summary>CONSUMPTION_CHANGE (§5.4): pause or resume this session's consumers of one other session.</summary>
    private void ChangeConsumption(JsonElement payload)
    {
        if (_setup.Media is not { } media
            || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("sessionId", out JsonElement idElement)
            || !SessionId.TryFrom(idElement, out SessionId producerSession)
            || !payload.TryGetProperty("states", out JsonElement states) || states.ValueKind != JsonValueKind.Object
            || !Media.Consumers.TryGetValue(producerSession, out var byType))
        {
            return; // missing consumers are ignored
        }

        foreach (JsonProperty state in states.EnumerateObject())
        {
            if (byType.TryGetValue(state.Name, out ConsumerEntry? consumer))
            {
                bool paused = !Auth.JsTruthiness.IsTruthy(state.Value);
                byType[state.Name] = consumer with { Paused = paused };
                media.Router.Tell(new SetConsumerPaused(consumer.Id, paused));
            }
        }
    }

    private void OnConsumeSession(ConsumeSession consume)
    {
        if (consume.Producer.Equals(_setup.Id) || !_setup.Options.Consumes(consume.Producer))
        {
            return;
        }

        Media.RemoteProducers[consume.Producer] = _setup.Options.Filter(consume.Producers);
        if (Context.Timers.IsTimerActive(RecoverConsumption.KeyFor(consume.Producer)))
        {
            // A consumption of this session failed and waits out the recovery delay, which runs with the latest list:
            // starting now would retry at once a client that just failed to answer.
            return;
        }

        StartConsumption(consume.Producer);
    }

    /// <summary>Runs "consume P" unless one is running for P, in which case it runs again when that one ends.</summary>
    private void StartConsumption(SessionId producerSession)
    {
        if (_setup.Media is not { } media
            || _memory.State != SessionState.Connected
            || Media.DownloadTransportId is null
            || Media.ClientCapabilities is not { } capabilities
            || !Media.RemoteProducers.TryGetValue(producerSession, out var producers))
        {
            return;
        }

        if (!Media.RunsInProgress.Add(producerSession))
        {
            Media.RunsWanted.Add(producerSession);
            return;
        }

        Context.Timers.Cancel(RecoverConsumption.KeyFor(producerSession));
        IReadOnlyDictionary<string, ConsumerEntry> existing = Media.Consumers.TryGetValue(producerSession, out var byType)
            ? new Dictionary<string, ConsumerEntry>(byType)
            : new Dictionary<string, ConsumerEntry>();
        var run = new ConsumptionRun(producerSession, producers, existing, Media.DownloadTransportId, capabilities,
            media.Router, _bus, media.RouterTimeout, _setup.Signaling.RequestTimeout) { Options = _setup.Options };
        run.RunAsync().PipeTo(Self);
    }

    private void OnConsumptionOutcome(ConsumptionOutcome outcome)
    {
        SessionId producerSession = outcome.ProducerSession;
        Media.RunsInProgress.Remove(producerSession);
        bool stillThere = Media.RemoteProducers.TryGetValue(producerSession, out var producers);
        if (_memory.State == SessionState.Closed || !stillThere)
        {
            // The producing session left meanwhile (or we closed): whatever the run created goes too.
            foreach (ConsumerEntry orphan in outcome.Consumers.Values)
            {
                _setup.Media?.Router.Tell(new CloseConsumer(orphan.Id));
            }

            Media.RunsWanted.Remove(producerSession);
            return;
        }

        Media.Consumers[producerSession] = new Dictionary<string, ConsumerEntry>(outcome.Consumers);
        if (outcome.Failure is { } failure)
        {
            bool producerGone = !producers!.Any(p => p.ProducerId == outcome.FailedProducerId);
            if (!producerGone && failure is not BusClosedException)
            {
                Context.Log.LogWarning("{Session} could not consume session {Producer}: {Cause}; retrying in {Delay}",
                    Name, producerSession, failure.Message, _setup.Limits.ConsumerRecoveryDelay);
                CountError();
                Context.Timers.StartSingleTimer(RecoverConsumption.KeyFor(producerSession), new RecoverConsumption(producerSession),
                    _setup.Limits.ConsumerRecoveryDelay);
                // A run asked for meanwhile waits for the recovery too (it consumes the latest list).
                Media.RunsWanted.Remove(producerSession);
                return;
            }
        }

        if (Media.RunsWanted.Remove(producerSession))
        {
            StartConsumption(producerSession);
        }
    }

    private void OnRemoteSessionLeft(RemoteSessionLeft left)
    {
        Media.RemoteProducers.Remove(left.Id);
        Media.RunsWanted.Remove(left.Id);
        Context.Timers.Cancel(RecoverConsumption.KeyFor(left.Id));
        if (Media.Consumers.Remove(left.Id, out var byType))
        {
            foreach (ConsumerEntry consumer in byType.Values)
            {
                _setup.Media?.Router.Tell(new CloseConsumer(consumer.Id));
            }
        }
    }

    private void OnConsumerClosed(ConsumerClosed closed)
    {
        if (Media.TryFindConsumer(closed.ConsumerId, out SessionId producerSession, out string type))
        {
            Media.Consumers[producerSession].Remove(type);
        }
    }

    /// <summary>After a restart: rebuild what the session consumes from the latest producer lists.</summary>
    private void ResumeConsumptionAfterRestart()
    {
        Media.RunsInProgress.Clear();
        Media.RunsWanted.Clear();
        foreach (SessionId producerSession in Media.RemoteProducers.Keys.ToList())
        {
            StartConsumption(producerSession);
        }
    }

    private void ReleaseMedia()
    {
        if (_setup.Media is { } media && Media.TransportsRequested)
        {
            media.Router.Tell(new CloseSessionTransports(_setup.Id));
        }

        Media.Consumers.Clear();
        Media.RemoteProducers.Clear();
    }

    private void ReplyStats()
    {
        IActorRef requester = Sender;
        SessionId id = _setup.Id;
        if (_setup.Media is not { } media || Media.Producers.Count == 0)
        {
            requester.Tell(new SessionStats(id, 0, 0, 0));
            return;
        }

        var byType = Media.Producers.ToDictionary(p => p.Key, p => p.Value.ProducerId);
        media.Router.Ask<ProducerBitrates>(new GetProducerBitrates([.. byType.Values]), media.RouterTimeout)
            .PipeTo(requester, success: bitrates =>
            {
                long Of(string type) => byType.TryGetValue(type, out string? producerId)
                    && bitrates.BitsPerSecond.TryGetValue(producerId, out long bps) ? bps : 0;
                return new SessionStats(id, Of("audio"), Of("camera"), Of("screen"));
            }, failure: _ => new SessionStats(id, 0, 0, 0));
    }

    private sealed record TransportsReady(SessionTransportsCreated Transports);

    private sealed record ClientCapabilitiesReceived(JsonElement Capabilities);

    private sealed record MediaSetupFailed(string Step, Exception Cause);

    private sealed record TransportConnectAnswered(string RequestId);

    private sealed record ProducerReady(string RequestId, string Type, string Kind, string ProducerId);

    private sealed record MediaRequestFailed(string Request, Exception Cause, bool CountsAsError);

    private sealed record RecoverConsumption(SessionId ProducerSession)
    {
        public static object KeyFor(SessionId producerSession) => ("recover-consumption", producerSession);
    }
}
