using System.Buffers.Text;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Signaling;

/// <summary>First-frame authentication (PROTOCOL.md §3.2–§3.3; R22–R30).</summary>
public sealed class WebSocketAuthenticationTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(s => s with { Signaling = s.Signaling with { AuthenticationTimeout = TimeSpan.FromSeconds(2) } });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/any/path?x=1")]
    public async Task A_valid_first_frame_gets_an_empty_acknowledgement_on_any_path(string path)
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(new Uri(_server.WebSocketAddress, path));

        await client.AuthenticateAsync(channel, Token(new { session_id = 42 }));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
    }

    [Fact]
    public async Task The_legacy_form_joins_the_channel_named_in_the_token()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.SendTextAsync(JsonSerializer.Serialize(Token(new { sfu_channel_uuid = channel, session_id = "7" })));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
    }

    [Fact]
    public async Task A_binary_first_frame_counts_like_text()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.SendBytesAsync(JsonSerializer.SerializeToUtf8Bytes(new { channelUUID = channel, jwt = Token(new { session_id = 1 }) }));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
    }

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.AAAA")] // the bare token, not JSON
    [InlineData("null")]
    [InlineData("{\"channelUUID\":")]
    public async Task A_first_frame_that_is_not_JSON_or_null_closes_with_1011(string frame)
    {
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.SendTextAsync(frame);

        (await client.ExpectCloseAsync()).Should().Be(1011);
    }

    [Fact]
    public async Task A_bad_signature_closes_with_4106_without_acknowledgement()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.AuthenticateAsync(channel, Jwt.Sign(new { session_id = 1 }, new byte[32]));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Fact]
    public async Task An_unknown_channel_closes_with_4106()
    {
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.AuthenticateAsync(Guid.NewGuid().ToString(), Token(new { session_id = 1 }));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Theory]
    [InlineData("{\"session_id\":0}")]
    [InlineData("{\"session_id\":\"\"}")]
    [InlineData("{}")]
    public async Task A_falsy_session_id_closes_with_4106(string claims)
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.AuthenticateAsync(channel, Jwt.Sign(JsonDocument.Parse(claims).RootElement, TestServer.Key));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Fact]
    public async Task An_expired_token_closes_with_4106()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.AuthenticateAsync(channel, Token(new { session_id = 1, exp = 1_700_000_000 }));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_with_alg_none_closes_with_4106_even_with_a_valid_signature(bool signed)
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);
        string unsigned = Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8) + "." + Base64Url.EncodeToString("{\"session_id\":1}"u8);
        string signature = signed ? Base64Url.EncodeToString(HMACSHA256.HashData(TestServer.Key, Encoding.ASCII.GetBytes(unsigned))) : string.Empty;

        await client.AuthenticateAsync(channel, unsigned + "." + signature);

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Fact]
    public async Task A_jwt_member_that_is_not_a_string_closes_with_4106()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.SendTextAsync(JsonSerializer.Serialize(new { channelUUID = channel, jwt = new { session_id = 1 } }));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Fact]
    public async Task No_first_frame_within_the_authentication_timeout_closes_with_4107()
    {
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        (await client.ExpectCloseAsync()).Should().Be(4107);
    }

    [Fact]
    public async Task A_keyed_channel_refuses_tokens_signed_with_the_global_key_and_accepts_its_own()
    {
        byte[] channelKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        string channel = await _server.CreateChannelAsync(channelKey: Convert.ToBase64String(channelKey));

        await using TestClient global = await TestClient.ConnectAsync(_server.WebSocketAddress);
        await global.AuthenticateAsync(channel, Token(new { session_id = 1 }));
        (await global.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));

        await using TestClient own = await TestClient.ConnectAsync(_server.WebSocketAddress);
        await own.AuthenticateAsync(channel, Jwt.Sign(new { session_id = 1 }, channelKey));
        (await own.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty));
    }

    [Fact]
    public async Task A_keyed_channel_cannot_be_joined_in_the_legacy_form()
    {
        byte[] channelKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        string channel = await _server.CreateChannelAsync(channelKey: Convert.ToBase64String(channelKey));
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.SendTextAsync(JsonSerializer.Serialize(Jwt.Sign(new { sfu_channel_uuid = channel, session_id = 1 }, channelKey)));

        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
    }

    [Fact]
    public async Task An_oversized_first_frame_closes_with_1009()
    {
        await using TestClient client = await TestClient.ConnectAsync(_server.WebSocketAddress);

        await client.SendBytesAsync(new byte[_server.Settings.Limits.MaxWebSocketFrameBytes + 1], WebSocketMessageType.Text);

        (await client.ExpectCloseAsync()).Should().Be(1009);
    }

    private static string Token(object claims) => Jwt.Sign(claims, TestServer.Key);
}
