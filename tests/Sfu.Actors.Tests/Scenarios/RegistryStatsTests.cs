using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>
/// The registry gathers every channel's statistics with ask: a channel that does not answer in time is reported
/// with zero numbers and named as unresponsive, never awaited forever (issue 2 §8). Real time: the stuck channel
/// really blocks a thread, and the registry's stats timeout is what ends the wait.
/// </summary>
public sealed class RegistryStatsTests : ChannelScenario
{
    // A channel refusing a join logs "… is full …": that line stalls it in the middle of the message.
    private readonly StallingLoggerFactory _logs;

    public RegistryStatsTests()
        : this(new StallingLoggerFactory("is full"))
    {
    }

    private RegistryStatsTests(StallingLoggerFactory logs)
        : base(virtualTime: false, logs) => _logs = logs;

    [Fact]
    public void A_channel_that_never_answers_is_reported_with_zero_numbers_and_the_others_still_count()
    {
        var registry = CreateRegistry(maxSessions: 1);
        string answering = CreateChannelIn(registry, "203.0.113.1").Uuid;
        string stuck = CreateChannelIn(registry, "203.0.113.2").Uuid;
        Join(Find(registry, answering).Channel, 1);
        IActorRef stuckChannel = Find(registry, stuck).Channel;
        Join(stuckChannel, 1);
        try
        {
            stuckChannel.Tell(new JoinChannel(SessionId.FromNumber(2), new RecordingBus("2", TestActor)), TestActor);
            _logs.WaitUntilStalled(TimeSpan.FromSeconds(10)).Should().BeTrue("the full channel refuses the second session");

            registry.Tell(GetServerStats.Instance, TestActor);

            var stats = ExpectMsg<ServerStats>(Signaling.StatsTimeout * 5);
            stats.Channels.Select(c => c.Uuid).Should().Equal(answering, stuck);
            stats.Channels[0].SessionCount.Should().Be(1);
            stats.Unresponsive.Should().ContainSingle().Which.Should().BeSameAs(stats.Channels[1]);
            ChannelStats reported = stats.Channels[1];
            reported.Uuid.Should().Be(stuck);
            reported.RemoteAddress.Should().Be("203.0.113.2");
            reported.WebRtcEnabled.Should().BeFalse();
            new[] { reported.SessionCount, reported.CameraCount, reported.ScreenCount }.Should().AllBeEquivalentTo(0);
            reported.TotalBitrate.Should().Be(0);
        }
        finally
        {
            _logs.Release();
        }

        ExpectMsg<JoinRefused>().Reason.Should().Be(JoinRefusal.ChannelFull);
    }

    protected override void Dispose(bool disposing)
    {
        _logs.Release();
        base.Dispose(disposing);
    }
}
