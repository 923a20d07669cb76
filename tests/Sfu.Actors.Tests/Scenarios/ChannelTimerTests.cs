using Sfu.Actors.Channels;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>The channel close timer and the session timers, under virtual time (PROTOCOL.md §5.2, §5.3, §5.6; R43, R45, R60).</summary>
public sealed class ChannelTimerTests : ChannelScenario
{
    // Hours of virtual time would otherwise fill the probe with PING requests.
    private static readonly Sfu.Actors.Configuration.SignalingSettings WithoutPings = Signaling with { PingInterval = TimeSpan.FromDays(1) };

    [Fact]
    public void A_channel_with_one_session_closes_an_hour_after_creation_with_4108_and_no_SESSION_LEAVE()
    {
        var channel = CreateChannel(signaling: WithoutPings);
        Watch(channel);
        Join(channel, 1);
        Settle(channel);

        Advance(TimeSpan.FromMinutes(59));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Advance(TimeSpan.FromMinutes(1));

        ExpectClosed("1").Code.Should().Be(CloseCodes.Kicked);
        ExpectTerminated(channel);
    }

    [Fact]
    public void The_close_timer_stops_at_two_sessions_and_restarts_when_one_is_left()
    {
        var channel = CreateChannel(signaling: WithoutPings);
        Watch(channel);
        Join(channel, 1);
        var (second, _) = Join(channel, 2);
        Settle(channel);

        Advance(TimeSpan.FromHours(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        second.Tell(new ClientSocketClosed(Failed: false));
        ExpectSent("1", "SESSION_LEAVE");
        Settle(channel);
        Advance(TimeSpan.FromMinutes(59));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Advance(TimeSpan.FromMinutes(1));

        ExpectClosed("1").Code.Should().Be(CloseCodes.Kicked);
        ExpectTerminated(channel);
    }

    [Fact]
    public void A_closing_channel_refuses_new_sessions()
    {
        var channel = CreateChannel();
        Join(channel, 1);

        channel.Tell(CloseChannel.Instance, TestActor);
        channel.Tell(new JoinChannel(SessionId.FromNumber(2), new RecordingBus("2", TestActor)), TestActor);

        FishForMessage<JoinRefused>(m => m is JoinRefused).Reason.Should().Be(JoinRefusal.ChannelClosed);
    }

    [Fact]
    public void An_unanswered_PING_closes_the_session_with_4107()
    {
        var channel = CreateChannel();
        var (_, firstBus) = Join(channel, 1);
        var (_, secondBus) = Join(channel, 2);
        Settle(channel);

        Advance(TimeSpan.FromSeconds(60));
        var pings = new[] { ExpectMsg<BusRequested>(), ExpectMsg<BusRequested>() };
        pings.Should().AllSatisfy(p => p.Name.Should().Be("PING"));
        var firstPing = pings.Single(p => p.Client == "1");
        var secondPing = pings.Single(p => p.Client == "2");
        firstBus.Answer(firstPing.RequestId);
        secondBus.FailRequest(secondPing.RequestId, new TimeoutException("no answer"));

        var outcome = ReceiveN(2);
        outcome.Should().ContainEquivalentOf(new BusClosed("2", CloseCodes.Timeout));
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "1" && m.Name == "SESSION_LEAVE");
    }

    [Fact]
    public void A_session_of_a_WebRTC_channel_not_connected_within_ten_seconds_closes_with_4107()
    {
        var channel = CreateChannel(webRtc: true);
        var (session, _) = Join(channel, 1);
        session.Tell(GetSessionStats.Instance, TestActor);
        ExpectMsg<SessionStats>();

        Advance(TimeSpan.FromSeconds(10));

        ExpectClosed("1").Code.Should().Be(CloseCodes.Timeout);
    }
}
