using System.Text.Json;
using Sfu.Actors.Channels;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>Statistics gathered with ask: a session that never answers is reported, never awaited forever.</summary>
public sealed class ChannelStatsTests : ChannelScenario
{
    [Fact]
    public void Stats_count_sessions_cameras_and_screens()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        var (second, _) = Join(channel, 2);
        first.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isCameraOn\":true,\"isScreenSharingOn\":true}}")));
        second.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isCameraOn\":true}}")));
        ExpectSentInAnyOrder(("2", "S_INFO_CHANGE"), ("1", "S_INFO_CHANGE"));

        channel.Tell(GetChannelStats.Instance, TestActor);

        var stats = ExpectMsg<ChannelStats>();
        stats.SessionCount.Should().Be(2);
        stats.CameraCount.Should().Be(2);
        stats.ScreenCount.Should().Be(1);
        stats.UnresponsiveSessions.Should().BeEmpty();
    }

    [Fact]
    public void A_session_that_never_answers_is_reported_and_the_others_still_count()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        Join(channel, 2);
        var (_, stuckBus) = Join(channel, 3);
        using var gate = new ManualResetEventSlim(false);
        stuckBus.Gate = gate;
        try
        {
            // Session 3 blocks while delivering this broadcast to its client: it stops answering.
            first.Tell(new ClientMessage("BROADCAST", Json("1")));
            ExpectSent("2", "BROADCAST");

            channel.Tell(GetChannelStats.Instance, TestActor);
            Settle(channel);
            Advance(Signaling.StatsTimeout);

            var stats = ExpectMsg<ChannelStats>();
            stats.SessionCount.Should().Be(3);
            stats.UnresponsiveSessions.Should().Equal(SessionId.FromNumber(3));
        }
        finally
        {
            gate.Set();
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
