using System.Text.Json;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>BROADCAST, C_INFO_CHANGE and PRODUCTION_CHANGE between participants (PROTOCOL.md §5.4; R46, R48–R50).</summary>
public sealed class ChannelMessagingTests : ChannelScenario
{
    [Fact]
    public void A_broadcast_reaches_every_other_session_with_its_sender_id_and_never_the_sender()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        Join(channel, 2);
        Join(channel, 3);

        first.Tell(new ClientMessage("BROADCAST", Json("{\"hello\":[1,\"two\"]}")));

        var received = new[] { ExpectMsg<BusSent>(), ExpectMsg<BusSent>() };
        received.Select(m => m.Client).Should().BeEquivalentTo(["2", "3"]);
        received.Should().AllSatisfy(m => m.PayloadJson.Should().Be("{\"senderId\":1,\"message\":{\"hello\":[1,\"two\"]}}"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_info_change_is_broadcast_with_booleans_and_only_the_known_fields()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        Join(channel, 2);

        first.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isTalking\":1,\"isSelfMuted\":\"\",\"mood\":true}}")));

        ExpectSent("2", "S_INFO_CHANGE").PayloadJson.Should().Be("{\"1\":{\"isSelfMuted\":false,\"isTalking\":true}}");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void NeedRefresh_sends_the_requester_everyone_elses_info_and_the_others_its_change()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        var (second, _) = Join(channel, 2);
        Join(channel, 3);
        second.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isDeaf\":true}}")));
        ExpectSentInAnyOrder(("1", "S_INFO_CHANGE"), ("3", "S_INFO_CHANGE"));

        first.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{\"isRaisingHand\":true},\"needRefresh\":true}")));

        // Sessions 2 and 3 relay the change through their own mailboxes, so arrival order across clients is free.
        var sent = ExpectSentInAnyOrder(("1", "S_INFO_CHANGE"), ("2", "S_INFO_CHANGE"), ("3", "S_INFO_CHANGE"));
        sent.Single(m => m.Client == "1").PayloadJson.Should().Be("{\"2\":{\"isDeaf\":true},\"3\":{}}");
        var broadcast = sent.Where(m => m.Client != "1").ToList();
        broadcast.Should().AllSatisfy(m => m.PayloadJson.Should().Be("{\"1\":{\"isRaisingHand\":true}}"));
    }

    [Fact]
    public void NeedRefresh_alone_in_the_channel_sends_no_refresh()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);

        first.Tell(new ClientMessage("C_INFO_CHANGE", Json("{\"info\":{},\"needRefresh\":true}")));

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_production_change_without_a_producer_updates_the_info_silently()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        Join(channel, 2);

        first.Tell(new ClientMessage("PRODUCTION_CHANGE", Json("{\"type\":\"camera\",\"active\":true}")));

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        channel.Tell(Sfu.Actors.Channels.GetChannelStats.Instance, TestActor);
        ExpectMsg<Sfu.Actors.Channels.ChannelStats>().CameraCount.Should().Be(1);
    }

    [Fact]
    public void Unknown_messages_and_requests_are_ignored_and_get_no_response()
    {
        var channel = CreateChannel();
        var (first, _) = Join(channel, 1);
        Join(channel, 2);

        first.Tell(new ClientMessage("DANCE", Json("{}")));
        first.Tell(new ClientRequest("c_0_0", "DANCE", Json("{}")));
        first.Tell(new ClientMessage("C_INFO_CHANGE", Json("42")));

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        first.Tell(new ClientMessage("BROADCAST", Json("\"still here\"")));
        ExpectSent("2", "BROADCAST");
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
