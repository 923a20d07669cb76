using System.Net.WebSockets;
using System.Text.Json;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Signaling;

/// <summary>Sessions over real sockets: capacity, replacement, messages and bad input (PROTOCOL.md §3–§5; R30–R50).</summary>
public sealed class SignalingSessionTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(s => s with
    {
        Channel = s.Channel with { MaxSessions = 3 },
        Signaling = s.Signaling with { BatchDelay = TimeSpan.FromMilliseconds(50) },
        Limits = s.Limits with { MaxWebSocketFrameBytes = 64 * 1024 },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_new_session_in_a_full_channel_gets_the_acknowledgement_then_4109()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient a = await _server.JoinAsync(channel, 1);
        await using TestClient b = await _server.JoinAsync(channel, 2);
        await using TestClient c = await _server.JoinAsync(channel, 3);

        await using TestClient refused = await TestClient.ConnectAsync(_server.WebSocketAddress);
        await refused.AuthenticateAsync(channel, Sfu.Actors.Auth.Jwt.Sign(new { session_id = 4 }, TestServer.Key));

        (await refused.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
        (await refused.ExpectCloseAsync()).Should().Be(4109);
    }

    [Fact]
    public async Task Rejoining_with_the_same_id_replaces_the_old_socket_even_in_a_full_channel()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient a = await _server.JoinAsync(channel, 1);
        await using TestClient b = await _server.JoinAsync(channel, 2);
        await using TestClient c = await _server.JoinAsync(channel, 3);

        await using TestClient again = await _server.JoinAsync(channel, 2);

        (await b.ExpectCloseAsync()).Should().Be(4108);
        (await a.ExpectMessageAsync("SESSION_LEAVE")).GetProperty("message").GetProperty("payload").GetProperty("sessionId").GetInt32().Should().Be(2);
        (await c.ExpectMessageAsync("SESSION_LEAVE")).GetProperty("message").GetProperty("payload").GetProperty("sessionId").GetInt32().Should().Be(2);
        using var stats = JsonDocument.Parse(await _server.Http.GetStringAsync("/v1/stats"));
        stats.RootElement[0].GetProperty("sessionsStats").GetProperty("count").GetInt32().Should().Be(3);
        await again.SendMessageAsync("BROADCAST", "I am back");
        (await a.ExpectMessageAsync("BROADCAST")).GetProperty("message").GetProperty("payload").GetProperty("message").GetString().Should().Be("I am back");
    }

    [Fact]
    public async Task A_broadcast_reaches_the_others_with_the_senders_id_and_not_the_sender()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient a = await _server.JoinAsync(channel, "alice");
        await using TestClient b = await _server.JoinAsync(channel, 2);

        await a.SendMessageAsync("BROADCAST", new { text = "hi", n = 1 });

        JsonElement payload = (await b.ExpectMessageAsync("BROADCAST")).GetProperty("message").GetProperty("payload");
        payload.GetProperty("senderId").GetString().Should().Be("alice");
        payload.GetProperty("message").GetRawText().Should().Be("{\"text\":\"hi\",\"n\":1}");
        await a.ExpectNothingAsync();
    }

    [Fact]
    public async Task Info_changes_reach_the_others_and_needRefresh_returns_everyone_elses_info()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient a = await _server.JoinAsync(channel, 1);
        await using TestClient b = await _server.JoinAsync(channel, 2);
        await b.SendMessageAsync("C_INFO_CHANGE", new { info = new { isSelfMuted = true } });
        await a.ExpectMessageAsync("S_INFO_CHANGE");

        await a.SendMessageAsync("C_INFO_CHANGE", new { info = new { isTalking = true }, needRefresh = true });

        (await a.ExpectMessageAsync("S_INFO_CHANGE")).GetProperty("message").GetProperty("payload").GetRawText()
            .Should().Be("{\"2\":{\"isSelfMuted\":true}}");
        (await b.ExpectMessageAsync("S_INFO_CHANGE")).GetProperty("message").GetProperty("payload").GetRawText()
            .Should().Be("{\"1\":{\"isTalking\":true}}");
    }

    [Fact]
    public async Task A_client_that_leaves_is_announced_with_SESSION_LEAVE()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient a = await _server.JoinAsync(channel, 1);
        TestClient b = await _server.JoinAsync(channel, 2);

        await b.DisposeAsync();

        (await a.ExpectMessageAsync("SESSION_LEAVE")).GetProperty("message").GetProperty("payload").GetProperty("sessionId").GetInt32().Should().Be(2);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"message\":{\"name\":\"BROADCAST\"}}")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[1, \"x\", null, {\"message\": 3}, {\"message\": {\"name\": 5}}]")]
    [InlineData("[{\"message\":{\"name\":\"NO_SUCH_MESSAGE\",\"payload\":{}}}]")]
    [InlineData("[{\"message\":{\"name\":\"C_INFO_CHANGE\",\"payload\":\"wrong type\"}}]")]
    [InlineData("[{\"message\":{\"name\":\"PRODUCTION_CHANGE\",\"payload\":[1,2]}}]")]
    [InlineData("[{\"responseTo\":\"s_999_1\"}]")]
    public async Task Bad_frames_are_ignored_and_harm_nobody(string frame)
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient sender = await _server.JoinAsync(channel, 1);
        await using TestClient other = await _server.JoinAsync(channel, 2);

        await sender.SendTextAsync(frame);
        await sender.SendMessageAsync("BROADCAST", "still working");

        (await other.ExpectMessageAsync("BROADCAST")).GetProperty("message").GetProperty("payload").GetProperty("message").GetString()
            .Should().Be("still working");
        (await _server.Http.GetAsync("/v1/noop")).IsSuccessStatusCode.Should().BeTrue();
    }

    [Fact]
    public async Task Unknown_requests_get_no_response()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await _server.JoinAsync(channel, 1);

        await client.SendRequestAsync("c_0_0", "NO_SUCH_REQUEST", new { });
        await client.SendRequestAsync("c_0_1", "CONNECT_CTS_TRANSPORT", new { dtlsParameters = new { } });

        await client.ExpectNothingAsync(TimeSpan.FromMilliseconds(700));
    }

    [Fact]
    public async Task A_frame_over_the_size_limit_closes_that_socket_with_1009_and_the_others_go_on()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient big = await _server.JoinAsync(channel, 1);
        await using TestClient other = await _server.JoinAsync(channel, 2);
        await using TestClient third = await _server.JoinAsync(channel, 3);

        await big.SendBytesAsync(new byte[100 * 1024], WebSocketMessageType.Text);

        (await big.ExpectCloseAsync()).Should().Be(1009);
        await other.ExpectMessageAsync("SESSION_LEAVE");
        await other.SendMessageAsync("BROADCAST", "fine");
        await third.ExpectMessageAsync("BROADCAST");
    }

    [Fact]
    public async Task Messages_sent_in_a_burst_arrive_in_order()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient sender = await _server.JoinAsync(channel, 1);
        await using TestClient receiver = await _server.JoinAsync(channel, 2);

        for (int i = 0; i < 20; i++)
        {
            await sender.SendMessageAsync("BROADCAST", i);
        }

        var received = new List<int>();
        while (received.Count < 20)
        {
            TestClient.Frame frame = await receiver.ReceiveAsync();
            frame.Kind.Should().Be(TestClient.FrameKind.Text);
            foreach (JsonElement payload in JsonDocument.Parse(frame.Content!).RootElement.EnumerateArray())
            {
                received.Add(payload.GetProperty("message").GetProperty("payload").GetProperty("message").GetInt32());
            }
        }

        received.Should().Equal(Enumerable.Range(0, 20));
    }
}
