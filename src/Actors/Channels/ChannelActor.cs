using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sfu.Actors.Configuration;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Channels;

/// <summary>What a channel is created with (PROTOCOL.md §1.4).</summary>
public sealed record ChannelSetup(
    string Uuid,
    string CreatorAddress,
    byte[]? Key,
    bool WebRtcEnabled,
    DateTimeOffset CreateDate,
    ChannelSettings Limits,
    SignalingSettings Signaling,
    IMediaPlane? MediaPlane = null);

/// <summary>
/// One call (PROTOCOL.md §5.6): owns its sessions, enforces CHANNEL_SIZE, relays broadcasts and info, announces
/// departures, and closes itself when it has had at most one participant for the close timeout.
/// Supervises its sessions: a failing session restarts; too many failures in the window stop it.
/// </summary>
public sealed class ChannelActor : ReceiveActor
{
    private static readonly object CloseTimerKey = "close-timer";

    private readonly ChannelSetup _setup;
    private readonly Dictionary<SessionId, Member> _members = [];
    private readonly Dictionary<IActorRef, SessionId> _idsByRef = [];
    private int _sessionCounter;
    private bool _closing;
    private IActorRef? _router;
    private int _routerCounter;

    public ChannelActor(ChannelSetup setup)
    {
        _setup = setup;

        Receive<JoinChannel>(Join);
        Receive<SessionInfoChanged>(OnInfoChanged);
        Receive<SessionBroadcast>(OnBroadcast);
        Receive<SessionEnded>(OnSessionEnded);
        Receive<Terminated>(OnSessionTerminated);
        Receive<KickSessions>(Kick);
        Receive<GetChannelStats>(_ => ReplyStats());
        Receive<CloseChannel>(_ => CloseAll(Sender));
        Receive<CloseTimerFired>(_ => OnCloseTimer());
        Receive<SessionClosed>(_ => { });
        Receive<SessionConnected>(OnSessionConnected);
        Receive<ProducersChanged>(OnProducersChanged);
        Receive<LimitSessionDownload>(ToRouter);
        Receive<GetSessionDownload>(ToRouter);
        Receive<GetChannelRouter>(_ => Sender.Tell(new ChannelRouter(_router)));
        Receive<GetSessionProducers>(m => Sender.Tell(_members.TryGetValue(m.Id, out Member? member)
            ? new SessionProducers(m.Id, true, member.Producers)
            : new SessionProducers(m.Id, false, [])));
    }

    private string Name => $"channel {_setup.Uuid}";

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_setup.Limits.SessionMaxRestarts, _setup.Limits.SessionRestartWindow, _ => Directive.Restart);

    protected override void PreStart()
    {
        // The close timer runs from creation (§5.6).
        StartCloseTimer();
        StartRouter();

        Context.Log.LogInformation("{Channel} created by {Address} (WebRTC {WebRtc})", Name, _setup.CreatorAddress, _setup.WebRtcEnabled);
    }

    private void Join(JoinChannel join)
    {
        if (_closing)
        {
            Sender.Tell(new JoinRefused(JoinRefusal.ChannelClosed));
            return;
        }

        bool alreadyInside = _members.TryGetValue(join.Id, out Member? previous);
        if (!alreadyInside && _members.Count >= _setup.Limits.MaxSessions)
        {
            // An id already inside may replace itself even in a full channel (our fix of upstream, §3.5).
            Context.Log.LogWarning("{Channel} is full ({Count} sessions); session {Session} refused", Name, _members.Count, join.Id);
            Sender.Tell(new JoinRefused(JoinRefusal.ChannelFull));
            return;
        }

        if (previous is not null)
        {
            // The old session leaves with 4108 and everyone else hears SESSION_LEAVE; the count is unchanged (§3.5).
            Forget(previous);
            previous.Session.Tell(new CloseSession(CloseReason.Replaced));
            AnnounceLeave(join.Id);
            Context.Log.LogInformation("{Channel} session {Session} replaced by a new connection", Name, join.Id);
        }

        SessionMediaSetup? media = _router is null ? null : new SessionMediaSetup(_router, _setup.Signaling.RequestTimeout);
        var setup = new SessionSetup(join.Id, _setup.Uuid, _setup.WebRtcEnabled, join.Bus, new SessionMemory(), _setup.Signaling, _setup.Limits, media)
        {
            Options = join.Options ?? ConsumptionOptions.Default,
        };
        IActorRef session = Context.ActorOf(Props.Create(() => new SessionActor(setup)), $"session-{++_sessionCounter}");
        Context.Watch(session);
        _members[join.Id] = new Member(join.Id, session, new SessionInfo());
        _idsByRef[session] = join.Id;
        if (_members.Count >= 2)
        {
            Context.Timers.Cancel(CloseTimerKey);
        }

        Sender.Tell(new Joined(session));
    }

    private void OnInfoChanged(SessionInfoChanged change)
    {
        if (!TryGetMember(Sender, out Member? member))
        {
            return;
        }

        member.Info = change.Info;
        if (change.NeedRefresh && _members.Count > 1)
        {
            // The refresh reply goes to the requester before the broadcast (§5.4, R49).
            var everyoneElse = new JsonObject();
            foreach (Member other in _members.Values)
            {
                if (!other.Id.Equals(member.Id))
                {
                    everyoneElse[other.Id.ObjectKey] = other.Info.ToJson();
                }
            }

            member.Session.Tell(new DeliverToClient("S_INFO_CHANGE", everyoneElse));
        }

        if (change.Broadcast)
        {
            SendToOthers(member.Id, () => new DeliverToClient("S_INFO_CHANGE", new JsonObject { [member.Id.ObjectKey] = member.Info.ToJson() }));
        }
    }

    /// <summary>§5.2 step 7: the newcomer consumes every connected session, and every connected session consumes it.</summary>
    private void OnSessionConnected(SessionConnected connected)
    {
        if (!TryGetMember(Sender, out Member? member))
        {
            return;
        }

        member.Connected = true;
        foreach (Member other in _members.Values)
        {
            if (other.Connected && !other.Id.Equals(member.Id))
            {
                member.Session.Tell(new ConsumeSession(other.Id, other.Producers));
                other.Session.Tell(new ConsumeSession(member.Id, member.Producers));
            }
        }
    }

    /// <summary>§5.5: a session produced, or paused or resumed a producer: everyone else consumes it again.</summary>
    private void OnProducersChanged(ProducersChanged changed)
    {
        if (!TryGetMember(Sender, out Member? member))
        {
            return;
        }

        member.Producers = changed.Producers;
        SendToOthers(member.Id, () => new ConsumeSession(member.Id, member.Producers));
    }

    /// <summary>A session's download is its transports' business: the router answers the asker directly.</summary>
    private void ToRouter(object request)
    {
        if (_router is null)
        {
            Sender.Tell(new Status.Failure(new MediaException($"{Name} has no media router")));
            return;
        }

        _router.Forward(request);
    }

    private void OnBroadcast(SessionBroadcast broadcast)
    {
        if (!TryGetMember(Sender, out Member? member))
        {
            return;
        }

        SendToOthers(member.Id, () => new DeliverToClient("BROADCAST", new JsonObject
        {
            ["senderId"] = member.Id.ToJson(),
            ["message"] = JsonSerializer.SerializeToNode(broadcast.Message),
        }));
    }

    private void OnSessionEnded(SessionEnded ended)
    {
        if (TryGetMember(Sender, out Member? member))
        {
            Depart(member, ended.Reason);
        }
    }

    private void OnSessionTerminated(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_router))
        {
            OnRouterLost();
            return;
        }

        // A session that stopped without saying goodbye failed too often: an error departure (§5.1).
        if (TryGetMember(terminated.ActorRef, out Member? member))
        {
            Depart(member, CloseReason.Error);
        }
    }

    private void Kick(KickSessions kick)
    {
        var closing = new List<Task>();
        foreach (SessionId id in kick.Ids)
        {
            if (_members.TryGetValue(id, out Member? member))
            {
                Depart(member, CloseReason.Kicked);
                closing.Add(member.Session.Ask<SessionClosed>(new CloseSession(CloseReason.Kicked), _setup.Signaling.RequestTimeout));
            }
        }

        int count = closing.Count;
        Task.WhenAll(closing).ContinueWith(_ => (object)new SessionsKicked(count), TaskScheduler.Default).PipeTo(Sender);
    }

    private void Depart(Member member, CloseReason reason)
    {
        Forget(member);
        if (CloseCodes.AnnouncesLeave(reason))
        {
            AnnounceLeave(member.Id);
        }

        if (_members.Count <= 1 && !Context.Timers.IsTimerActive(CloseTimerKey))
        {
            StartCloseTimer();
        }
    }

    private void AnnounceLeave(SessionId id) =>
        SendToOthers(id, () => new DeliverToClient("SESSION_LEAVE", new JsonObject { ["sessionId"] = id.ToJson() }));

    private void ReplyStats()
    {
        IActorRef requester = Sender;
        int cameraCount = _members.Values.Count(m => m.Info.IsCameraOn);
        int screenCount = _members.Values.Count(m => m.Info.IsScreenSharingOn);
        int sessionCount = _members.Count;
        TimeSpan timeout = _setup.Signaling.StatsTimeout / 2;
        Member[] members = [.. _members.Values];
        Task<SessionStats?>[] asks = [.. members.Select(m => AskStats(m.Session, timeout))];

        Task.WhenAll(asks).ContinueWith(_ =>
        {
            var unresponsive = new List<SessionId>();
            long audio = 0, camera = 0, screen = 0;
            for (int i = 0; i < members.Length; i++)
            {
                SessionStats? stats = asks[i].Result;
                if (stats is null)
                {
                    unresponsive.Add(members[i].Id);
                    continue;
                }

                audio += stats.AudioBitrate;
                camera += stats.CameraBitrate;
                screen += stats.ScreenBitrate;
            }

            return (object)new ChannelStats(_setup.Uuid, _setup.CreateDate, _setup.CreatorAddress, sessionCount, cameraCount,
                screenCount, audio, camera, screen, _setup.WebRtcEnabled, unresponsive);
        }, TaskScheduler.Default).PipeTo(requester);
    }

    private static async Task<SessionStats?> AskStats(IActorRef session, TimeSpan timeout)
    {
        try
        {
            return await session.Ask<SessionStats>(GetSessionStats.Instance, timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidCastException)
        {
            return null;
        }
    }

    private void OnCloseTimer()
    {
        Context.Log.LogInformation("{Channel} had at most one session for {Timeout}; closing it", Name, _setup.Limits.CloseTimeout);
        CloseAll(ActorRefs.NoSender);
    }

    private void CloseAll(IActorRef requester)
    {
        if (_closing)
        {
            return;
        }

        // Every session is closed with 4108 and nobody hears SESSION_LEAVE (§5.6); the channel stops when they are done.
        _closing = true;
        Context.Timers.CancelAll();
        Task[] closing = [.. _members.Values.Select(m => (Task)m.Session.Ask<SessionClosed>(new CloseSession(CloseReason.ChannelClosed), _setup.Signaling.RequestTimeout))];
        _members.Clear();
        _idsByRef.Clear();
        IActorRef self = Self;
        string uuid = _setup.Uuid;
        Task.WhenAll(closing).ContinueWith(_ =>
        {
            requester.Tell(new ChannelStopped(uuid));
            self.Tell(PoisonPill.Instance);
        }, TaskScheduler.Default);
    }

    private void SendToOthers(SessionId except, Func<object> message)
    {
        foreach (Member member in _members.Values)
        {
            if (!member.Id.Equals(except))
            {
                member.Session.Tell(message());
            }
        }
    }

    private bool TryGetMember(IActorRef session, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Member? member)
    {
        member = null;
        return _idsByRef.TryGetValue(session, out SessionId id) && _members.TryGetValue(id, out member) && member.Session.Equals(session);
    }

    private void Forget(Member member)
    {
        _members.Remove(member.Id);
        _idsByRef.Remove(member.Session);
        Context.Unwatch(member.Session);
        if (member.Connected)
        {
            // Whatever the others consumed of it is gone (its transports close with it).
            SendToOthers(member.Id, () => new RemoteSessionLeft(member.Id));
        }
    }

    /// <summary>
    /// A WebRTC channel's router, behind a supervisor that stops it on failure (see RouterSupervisor). Each router is
    /// placed afresh, so that one replacing a failed router goes to the least-loaded worker that is alive.
    /// </summary>
    private void StartRouter()
    {
        if (_setup.WebRtcEnabled && _setup.MediaPlane is { } mediaPlane)
        {
            Props routerProps = mediaPlane.RouterProps(_setup.Uuid);
            _router = Context.ActorOf(Props.Create(() => new RouterSupervisor(routerProps)), $"router-{++_routerCounter}");
            Context.Watch(_router);
        }
    }

    /// <summary>
    /// The router failed: every session's media is gone. Close them all with 1011, so that their clients reconnect
    /// (§3.4), and start a new router for them.
    /// </summary>
    private void OnRouterLost()
    {
        _router = null;
        if (_closing)
        {
            return;
        }

        Context.Log.LogError("{Channel}: its media router failed; closing its {Count} sessions with {Code} and starting a new router",
            Name, _members.Count, CloseCodes.Error);
        foreach (Member member in _members.Values.ToList())
        {
            Forget(member);
            member.Session.Tell(new CloseSession(CloseReason.Error));
        }

        StartRouter();
        if (!Context.Timers.IsTimerActive(CloseTimerKey))
        {
            StartCloseTimer();
        }
    }

    private void StartCloseTimer() =>
        Context.Timers.StartSingleTimer(CloseTimerKey, CloseTimerFired.Instance, _setup.Limits.CloseTimeout);

    private sealed class Member(SessionId id, IActorRef session, SessionInfo info)
    {
        public SessionId Id { get; } = id;

        public IActorRef Session { get; } = session;

        public SessionInfo Info { get; set; } = info;

        /// <summary>Answered INIT_TRANSPORTS: it consumes and can be consumed.</summary>
        public bool Connected { get; set; }

        public IReadOnlyList<PublishedProducer> Producers { get; set; } = [];
    }

    private sealed record CloseTimerFired
    {
        public static readonly CloseTimerFired Instance = new();
    }
}
