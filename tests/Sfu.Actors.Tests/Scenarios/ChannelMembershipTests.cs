using System.Text.Json;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>Joining, CHANNEL_SIZE, replacement and kicks (PROTOCOL.md §3.2, §3.5, §1.5; R30, R31, R14).</summary>
public sealed class ChannelMembershipTests : ChannelScenario
{
    [Fact]
    public void A_new_session_in_a_full_channel_is_refused_as_full()
    {
        var channel = CreateChannel(maxSessions: 2);
        Join(channel, 1);
        Join(channel, 2);

        channel.Tell(new JoinChannel(SessionId.FromNumber(3), new RecordingBus("3", TestActor)), TestActor);

        ExpectMsg<JoinRefused>().Reason.Should().Be(JoinRefusal.ChannelFull);
    }

    [Fact]
    public void A_session_id_already_inside_replaces_itself_even_in_a_full_channel()
    {
        var channel = CreateChannel(maxSessions: 2);
        Join(channel, 1);
        Join(channel, 2);

        var replacement = new RecordingBus("1b", TestActor);
        channel.Tell(new JoinChannel(SessionId.FromNumber(1), replacement), TestActor);

        var outcome = ReceiveN(3);
        outcome.OfType<Joined>().Should().ContainSingle();
        outcome.Should().ContainEquivalentOf(new BusClosed("1", CloseCodes.Kicked));
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "2" && m.Name == "SESSION_LEAVE" && m.PayloadJson == "{\"sessionId\":1}");
        channel.Tell(GetChannelStats.Instance, TestActor);
        ExpectMsg<ChannelStats>().SessionCount.Should().Be(2);
    }

    [Fact]
    public void Session_ids_are_type_sensitive_so_5_and_quoted_5_are_two_sessions()
    {
        var channel = CreateChannel();
        channel.Tell(new JoinChannel(SessionId.FromNumber(5), new RecordingBus("n5", TestActor)), TestActor);
        ExpectMsg<Joined>();
        channel.Tell(new JoinChannel(SessionId.FromString("5"), new RecordingBus("s5", TestActor)), TestActor);
        ExpectMsg<Joined>();

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        channel.Tell(GetChannelStats.Instance, TestActor);
        ExpectMsg<ChannelStats>().SessionCount.Should().Be(2);
    }

    [Fact]
    public void Kicked_sessions_close_with_4108_and_the_others_hear_SESSION_LEAVE()
    {
        var channel = CreateChannel();
        Join(channel, 1);
        Join(channel, 2);

        channel.Tell(new KickSessions([SessionId.FromNumber(2), SessionId.FromNumber(99)]), TestActor);

        var outcome = ReceiveN(3);
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "1" && m.Name == "SESSION_LEAVE" && m.PayloadJson == "{\"sessionId\":2}");
        outcome.Should().ContainEquivalentOf(new BusClosed("2", CloseCodes.Kicked));
        outcome.OfType<SessionsKicked>().Should().ContainSingle().Which.Count.Should().Be(1);
    }

    [Fact]
    public void A_client_whose_socket_closes_leaves_and_the_others_hear_SESSION_LEAVE()
    {
        var channel = CreateChannel();
        Join(channel, 1);
        var (second, _) = Join(channel, 2);
        Watch(second);

        second.Tell(new ClientSocketClosed(Failed: false));

        var outcome = ReceiveN(2);
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "1" && m.Name == "SESSION_LEAVE" && m.PayloadJson == "{\"sessionId\":2}");
        outcome.OfType<Terminated>().Should().ContainSingle(t => t.ActorRef.Equals(second));
    }

    [Fact]
    public void A_string_session_id_is_echoed_as_a_string()
    {
        var channel = CreateChannel();
        Join(channel, 1);
        var bus = new RecordingBus("abc", TestActor);
        channel.Tell(new JoinChannel(SessionId.FromString("abc"), bus), TestActor);
        ExpectMsg<Joined>().Session.Tell(new ClientSocketClosed(Failed: false));

        JsonDocument.Parse(ExpectSent("1", "SESSION_LEAVE").PayloadJson).RootElement
            .GetProperty("sessionId").GetString().Should().Be("abc");
    }
}
