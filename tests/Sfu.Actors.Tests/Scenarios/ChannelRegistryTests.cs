using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;

namespace Sfu.Actors.Tests.Scenarios;

/// <summary>The registry's side of <c>/v1/channel</c> and <c>/v1/disconnect</c> (PROTOCOL.md §1.4–§1.5; R12, R14).</summary>
public sealed class ChannelRegistryTests : ChannelScenario
{
    [Fact]
    public void Disconnect_through_the_registry_kicks_only_in_channels_created_from_the_same_address()
    {
        var registry = CreateRegistry();
        string uuid = CreateChannelIn(registry, "203.0.113.5").Uuid;
        IActorRef channel = Find(registry, uuid).Channel;
        Join(channel, 1);
        Join(channel, 2);
        KeyValuePair<string, IReadOnlyList<SessionId>>[] request =
        [
            new("no-such-channel", [SessionId.FromNumber(1)]),
            new(uuid, [SessionId.FromNumber(2), SessionId.FromNumber(99)]),
        ];

        registry.Tell(new DisconnectSessions("203.0.113.6", request), TestActor);
        ExpectMsg<SessionsDisconnected>().Count.Should().Be(0, "another address may not kick");

        registry.Tell(new DisconnectSessions("203.0.113.5", request), TestActor);

        var outcome = ReceiveN(3);
        outcome.Should().ContainEquivalentOf(new BusClosed("2", CloseCodes.Kicked));
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "1" && m.Name == "SESSION_LEAVE" && m.PayloadJson == "{\"sessionId\":2}");
        outcome.OfType<SessionsDisconnected>().Should().ContainSingle().Which.Count.Should().Be(1);
        ExpectNoMsg();
    }

    [Fact]
    public void A_reused_channel_keeps_the_key_it_was_created_with()
    {
        var registry = CreateRegistry();
        byte[] first = [1, 2, 3, 4];
        ChannelCreated created = CreateChannelIn(registry, "203.0.113.5", "odoo", first);

        ChannelCreated reused = CreateChannelIn(registry, "203.0.113.5", "odoo", [9, 9, 9, 9]);
        ChannelCreated keyless = CreateChannelIn(registry, "203.0.113.5", "odoo", null);

        reused.Should().Be(new ChannelCreated(created.Uuid, Reused: true));
        keyless.Should().Be(new ChannelCreated(created.Uuid, Reused: true));
        Find(registry, created.Uuid).Key.Should().Equal(first);
    }
}
