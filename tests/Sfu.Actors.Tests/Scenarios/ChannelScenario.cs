using Sfu.Actors.Channels;
using Sfu.Actors.Configuration;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using ActorTestKit = Sfu.Actors.TestKit.TestKit;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>
/// A channel actor under virtual time with clients on recording buses: the base of the scenario tests.
/// Everything the sessions send their clients arrives at <see cref="ActorTestKit.TestActor"/>.
/// </summary>
public abstract class ChannelScenario : ActorTestKit
{
    protected static readonly SignalingSettings Signaling = new(
        AuthenticationTimeout: TimeSpan.FromSeconds(10),
        ConnectionTimeout: TimeSpan.FromSeconds(10),
        PingInterval: TimeSpan.FromSeconds(60),
        PingTimeout: TimeSpan.FromSeconds(10),
        BatchDelay: TimeSpan.FromMilliseconds(300),
        RequestTimeout: TimeSpan.FromSeconds(5),
        StatsTimeout: TimeSpan.FromSeconds(2));

    protected ChannelScenario()
        : base(virtualTime: true)
    {
    }

    /// <summary>A scenario in real time or with its own loggers.</summary>
    protected ChannelScenario(bool virtualTime, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory)
        : base(virtualTime: virtualTime, loggerFactory: loggerFactory)
    {
    }

    protected static ChannelSettings Limits(int maxSessions = 100) => new(
        MaxSessions: maxSessions,
        CloseTimeout: TimeSpan.FromHours(1),
        ConsumerRecoveryDelay: TimeSpan.FromSeconds(2),
        SessionErrorLimit: 6,
        SessionMaxRestarts: 6,
        SessionRestartWindow: TimeSpan.FromMinutes(1));

    protected IActorRef CreateChannel(int maxSessions = 100, bool webRtc = false, SignalingSettings? signaling = null)
    {
        var setup = new ChannelSetup("9b1f9c3e-6f0e-4a55-8a7e-2d1f0c4b6a10", "127.0.0.1", null, webRtc,
            DateTimeOffset.UnixEpoch, Limits(maxSessions), signaling ?? Signaling);
        return Sys.ActorOf(Props.Create(() => new ChannelActor(setup)), "channel");
    }

    /// <summary>A registry as the server has one, without a media plane (WebRTC channels get no router).</summary>
    protected IActorRef CreateRegistry(int maxSessions = 100) =>
        Sys.ActorOf(Props.Create(() => new ChannelRegistry(Limits(maxSessions), Signaling, null)), "channels");

    /// <summary>Creates (or reuses) a channel through the registry, as <c>GET /v1/channel</c> does.</summary>
    protected ChannelCreated CreateChannelIn(IActorRef registry, string remoteAddress, string issuer = "odoo", byte[]? key = null)
    {
        registry.Tell(new CreateChannel(remoteAddress, issuer, key, WebRtcEnabled: false), TestActor);
        return ExpectMsg<ChannelCreated>();
    }

    /// <summary>Looks a channel up by UUID, as the WebSocket endpoint does when a client authenticates.</summary>
    protected ChannelFound Find(IActorRef registry, string uuid)
    {
        registry.Tell(new FindChannel(uuid), TestActor);
        return ExpectMsg<ChannelFound>();
    }

    /// <summary>Joins a client named after its numeric session id; returns its session and bus.</summary>
    protected (IActorRef Session, RecordingBus Bus) Join(IActorRef channel, long id)
    {
        var bus = new RecordingBus(id.ToString(System.Globalization.CultureInfo.InvariantCulture), TestActor);
        channel.Tell(new JoinChannel(SessionId.FromNumber(id), bus), TestActor);
        return (ExpectMsg<Joined>().Session, bus);
    }

    protected BusSent ExpectSent(string client, string name) =>
        ExpectMsg<BusSent>(m => m.Client == client && m.Name == name);

    /// <summary>
    /// Receives one message per (client, name) pair, in any order: messages sent by different actors have no order.
    /// </summary>
    protected IReadOnlyList<BusSent> ExpectSentInAnyOrder(params (string Client, string Name)[] expected)
    {
        var received = ReceiveN(expected.Length).Cast<BusSent>().ToList();
        received.Select(m => (m.Client, m.Name)).Should().BeEquivalentTo(expected);
        return received;
    }

    protected BusClosed ExpectClosed(string client) => ExpectMsg<BusClosed>(m => m.Client == client);

    /// <summary>Waits until the actor has processed everything sent to it before (a round trip through its mailbox).</summary>
    protected void Settle(IActorRef channel)
    {
        channel.Tell(new KickSessions([]), TestActor);
        ExpectMsg<SessionsKicked>();
    }

    protected void Advance(TimeSpan by) => VirtualTime!.Advance(by);
}
