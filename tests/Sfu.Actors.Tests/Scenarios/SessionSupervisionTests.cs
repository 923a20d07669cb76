using System.Text.Json;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>
/// A session that throws is restarted by its channel and keeps its socket and identity; the seventh failure within
/// the window stops it: its client gets 1011 and the others SESSION_LEAVE (issue 2, item 8).
/// </summary>
public sealed class SessionSupervisionTests : ChannelScenario
{
    [Fact]
    public void An_exception_restarts_the_session_and_nobody_notices()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        var (_, secondBus) = Join(channel, 2);

        secondBus.FailNextSend = new InvalidOperationException("injected");
        first.Tell(new ClientMessage("BROADCAST", Json("\"lost\"")));

        ExpectMsg<BusSendFailed>().Client.Should().Be("2");
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        secondBus.IsOpen.Should().BeTrue();
        first.Tell(new ClientMessage("BROADCAST", Json("\"after the restart\"")));
        ExpectSent("2", "BROADCAST").PayloadJson.Should().Contain("after the restart");
    }

    [Fact]
    public void A_restarted_session_keeps_its_info()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        var (second, secondBus) = Join(channel, 2);
        second.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isSelfMuted\":true}}")));
        ExpectSent("1", "S_INFO_CHANGE");

        secondBus.FailNextSend = new InvalidOperationException("injected");
        first.Tell(new ClientMessage("BROADCAST", Json("1")));
        ExpectMsg<BusSendFailed>().Client.Should().Be("2");
        second.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isTalking\":true}}")));

        ExpectSent("1", "S_INFO_CHANGE").PayloadJson.Should().Be("{\"2\":{\"isSelfMuted\":true,\"isTalking\":true}}");
    }

    [Fact]
    public void The_seventh_failure_closes_the_session_with_1011_and_the_others_hear_SESSION_LEAVE()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        var (second, secondBus) = Join(channel, 2);
        Watch(second);

        for (int failure = 1; failure <= 6; failure++)
        {
            secondBus.FailNextSend = new InvalidOperationException($"injected {failure}");
            first.Tell(new ClientMessage("BROADCAST", Json("1")));
            ExpectMsg<BusSendFailed>().Client.Should().Be("2");
        }

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        secondBus.FailNextSend = new InvalidOperationException("injected 7");
        first.Tell(new ClientMessage("BROADCAST", Json("1")));

        ExpectMsg<BusSendFailed>().Client.Should().Be("2");
        var outcome = ReceiveN(3);
        outcome.Should().ContainEquivalentOf(new BusClosed("2", CloseCodes.Error));
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "1" && m.Name == "SESSION_LEAVE" && m.PayloadJson == "{\"sessionId\":2}");
        outcome.OfType<Sfu.Actors.Runtime.Terminated>().Should().ContainSingle(t => t.ActorRef.Equals(second));
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
