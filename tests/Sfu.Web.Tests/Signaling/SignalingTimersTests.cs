using System.Text.Json;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Signaling;

/// <summary>PING and the soft reset over real sockets, with short intervals (PROTOCOL.md §5.3, §5.7; R43, R60, R61).</summary>
public sealed class SignalingTimersTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(s => s with
    {
        Signaling = s.Signaling with
        {
            PingInterval = TimeSpan.FromMilliseconds(300),
            PingTimeout = TimeSpan.FromSeconds(2),
            ConnectionTimeout = TimeSpan.FromSeconds(1),
        },
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PING_carries_no_payload_and_an_answered_ping_keeps_the_session()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await _server.JoinAsync(channel, 1);

        for (int i = 0; i < 3; i++)
        {
            JsonElement ping = await client.ExpectMessageAsync("PING");
            ping.GetProperty("message").TryGetProperty("payload", out _).Should().BeFalse();
            await client.RespondAsync(ping.GetProperty("needResponse").GetString()!);
        }

        client.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
    }

    [Fact]
    public async Task An_unanswered_PING_closes_the_session_with_4107()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient silent = await _server.JoinAsync(channel, 1);

        (await silent.ExpectCloseAsync()).Should().Be(4107);
    }

    [Fact]
    public async Task A_session_of_a_WebRTC_channel_that_never_connects_is_closed_with_4107()
    {
        string channel = await _server.CreateChannelAsync(webRtc: true);
        await using TestClient client = await _server.JoinAsync(channel, 1);

        (await client.ExpectCloseAsync()).Should().Be(4107);
    }

    [Fact]
    public async Task The_soft_reset_closes_every_channel_with_4108_and_keeps_serving()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient a = await _server.JoinAsync(channel, 1);

        await _server.Server.Runtime.CloseAllChannelsAsync();

        (await a.ExpectCloseAsync()).Should().Be(4108);
        (await _server.Http.GetStringAsync("/v1/stats")).Should().Be("[]");
        await using TestClient late = await TestClient.ConnectAsync(_server.WebSocketAddress);
        await late.AuthenticateAsync(channel, Sfu.Actors.Auth.Jwt.Sign(new { session_id = 2 }, TestServer.Key));
        (await late.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }
}
