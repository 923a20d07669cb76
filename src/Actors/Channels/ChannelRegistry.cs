using Microsoft.Extensions.Logging;
using Sfu.Actors.Configuration;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Channels;

/// <summary>
/// Creates, finds and closes channels (PROTOCOL.md §1.4–§1.6, §5.6). Creation is serialised by this actor's
/// mailbox, so two concurrent requests with the same reuse key get the same channel (our fix of quirk Q23).
/// </summary>
public sealed class ChannelRegistry : ReceiveActor
{
    private readonly ChannelSettings _limits;
    private readonly SignalingSettings _signaling;
    private readonly TimeProvider _time;
    private readonly List<Entry> _channels = [];
    private readonly Dictionary<string, Entry> _byUuid = [];
    private readonly Dictionary<string, Entry> _byReuseKey = [];

    private readonly IMediaPlane? _mediaPlane;

    /// <param name="mediaPlane">Gives WebRTC channels their router; without one, WebRTC sessions never connect.</param>
    public ChannelRegistry(ChannelSettings limits, SignalingSettings signaling, IMediaPlane? mediaPlane = null)
    {
        _limits = limits;
        _signaling = signaling;
        _mediaPlane = mediaPlane;
        _time = Context.System.TimeProvider;

        Receive<CreateChannel>(Create);
        Receive<FindChannel>(Find);
        Receive<DisconnectSessions>(Disconnect);
        Receive<GetServerStats>(_ => GatherStats());
        Receive<CloseAllChannels>(_ => CloseAll());
        Receive<Terminated>(t => Remove(t.ActorRef));
        Receive<ChannelStopped>(_ => { });
    }

    /// <summary>Channels are never restarted: a failing channel stops and its sessions with it.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Runtime.SupervisorStrategy.StoppingStrategy;

    private void Create(CreateChannel request)
    {
        string reuseKey = request.RemoteAddress + "::" + request.Issuer;
        if (_byReuseKey.TryGetValue(reuseKey, out Entry? existing))
        {
            // Reused as is: its key, WebRTC flag and close timer stay (§1.4, R12).
            Sender.Tell(new ChannelCreated(existing.Uuid, Reused: true));
            return;
        }

        string uuid = Guid.NewGuid().ToString("D");
        IMediaPlane? mediaPlane = request.WebRtcEnabled ? _mediaPlane : null;
        var setup = new ChannelSetup(uuid, request.RemoteAddress, request.Key, request.WebRtcEnabled, _time.GetUtcNow(),
            _limits with { MaxSessions = request.MaxSessions ?? _limits.MaxSessions }, _signaling, mediaPlane);
        IActorRef channel = Context.ActorOf(Props.Create(() => new ChannelActor(setup)), uuid);
        Context.Watch(channel);
        var entry = new Entry(uuid, reuseKey, channel, setup);
        _channels.Add(entry);
        _byUuid[uuid] = entry;
        _byReuseKey[reuseKey] = entry;
        Sender.Tell(new ChannelCreated(uuid, Reused: false));
    }

    private void Find(FindChannel request)
    {
        Sender.Tell(_byUuid.TryGetValue(request.Uuid, out Entry? entry)
            ? new ChannelFound(entry.Uuid, entry.Channel, entry.Setup.Key)
            : new ChannelNotFound(request.Uuid));
    }

    private void Disconnect(DisconnectSessions request)
    {
        var kicks = new List<Task<SessionsKicked>>();
        foreach ((string uuid, IReadOnlyList<SessionId> ids) in request.SessionIdsByChannel)
        {
            if (!_byUuid.TryGetValue(uuid, out Entry? entry))
            {
                continue;
            }

            if (entry.Setup.CreatorAddress != request.RemoteAddress)
            {
                // Only the address that created a channel may kick its sessions (§1.5).
                Context.Log.LogWarning("{Address} may not disconnect sessions of channel {Channel}, created by {Creator}",
                    request.RemoteAddress, uuid, entry.Setup.CreatorAddress);
                continue;
            }

            kicks.Add(entry.Channel.Ask<SessionsKicked>(new KickSessions(ids), _signaling.RequestTimeout * 2));
        }

        Task.WhenAll(kicks)
            .ContinueWith(t => (object)new SessionsDisconnected(t.IsCompletedSuccessfully ? t.Result.Sum(k => k.Count) : 0), TaskScheduler.Default)
            .PipeTo(Sender);
    }

    private void GatherStats()
    {
        Entry[] entries = [.. _channels];
        TimeSpan timeout = _signaling.StatsTimeout;
        Task<ChannelStats?>[] asks = [.. entries.Select(e => AskStats(e.Channel, timeout))];
        Task.WhenAll(asks).ContinueWith(_ =>
        {
            var answered = new List<ChannelStats>(entries.Length);
            var unresponsive = new List<ChannelStats>();
            for (int i = 0; i < entries.Length; i++)
            {
                if (asks[i].Result is { } stats)
                {
                    answered.Add(stats);
                }
                else
                {
                    // Reported with what the registry knows; the caller says it is incomplete.
                    ChannelSetup s = entries[i].Setup;
                    var placeholder = new ChannelStats(s.Uuid, s.CreateDate, s.CreatorAddress, 0, 0, 0, 0, 0, 0, s.WebRtcEnabled, []);
                    answered.Add(placeholder);
                    unresponsive.Add(placeholder);
                }
            }

            return (object)new ServerStats(answered, unresponsive);
        }, TaskScheduler.Default).PipeTo(Sender);
    }

    private static async Task<ChannelStats?> AskStats(IActorRef channel, TimeSpan timeout)
    {
        try
        {
            return await channel.Ask<ChannelStats>(GetChannelStats.Instance, timeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or InvalidCastException)
        {
            return null;
        }
    }

    private void CloseAll()
    {
        Entry[] entries = [.. _channels];
        foreach (Entry entry in entries)
        {
            // Removed at once so that the UUID and reuse key are dead even before the channel has stopped (§5.6).
            Remove(entry.Channel);
        }

        Task[] closing = [.. entries.Select(e => (Task)e.Channel.Ask<ChannelStopped>(CloseChannel.Instance, _signaling.RequestTimeout * 2))];
        int count = entries.Length;
        Task.WhenAll(closing).ContinueWith(_ => (object)new AllChannelsClosed(count), TaskScheduler.Default).PipeTo(Sender);
    }

    private void Remove(IActorRef channel)
    {
        int index = _channels.FindIndex(e => e.Channel.Equals(channel));
        if (index < 0)
        {
            return;
        }

        Entry entry = _channels[index];
        _channels.RemoveAt(index);
        _byUuid.Remove(entry.Uuid);
        if (_byReuseKey.TryGetValue(entry.ReuseKey, out Entry? current) && current == entry)
        {
            _byReuseKey.Remove(entry.ReuseKey);
        }

        Context.Unwatch(channel);
    }

    private sealed record Entry(string Uuid, string ReuseKey, IActorRef Channel, ChannelSetup Setup);
}
