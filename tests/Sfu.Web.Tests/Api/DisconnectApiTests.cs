using System.Net;
using System.Text;
using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Api;

/// <summary><c>POST /v1/disconnect</c> (PROTOCOL.md §1.5; R13, R14) and the body size limit.</summary>
public sealed class DisconnectApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(s => s with { Limits = s.Limits with { MaxHttpBodyBytes = 4096 } });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    public async Task An_invalid_token_or_empty_body_gets_422(string body)
    {
        using HttpResponseMessage response = await Post(body);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"sessionIdsByChannel\":null}")]
    public async Task A_token_without_sessionIdsByChannel_gets_422(string claims)
    {
        using HttpResponseMessage response = await Post(Jwt.Sign(JsonDocument.Parse(claims).RootElement, TestServer.Key));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Listed_sessions_are_kicked_with_4108_and_the_others_hear_SESSION_LEAVE()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient stays = await _server.JoinAsync(channel, 1);
        await using TestClient kicked = await _server.JoinAsync(channel, "2");

        using HttpResponseMessage response = await Post(Token(new { sessionIdsByChannel = new Dictionary<string, object[]> { [channel] = ["2", 3, 99] } }));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await kicked.ExpectCloseAsync()).Should().Be(4108);
        JsonElement leave = await stays.ExpectMessageAsync("SESSION_LEAVE");
        leave.GetProperty("message").GetProperty("payload").GetProperty("sessionId").GetString().Should().Be("2");
    }

    [Fact]
    public async Task Sessions_of_a_channel_created_from_another_address_stay_connected()
    {
        await using TestServer proxied = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["PROXY"] = "1" });
        string channel = await proxied.CreateChannelAsync(forwardedFor: "203.0.113.5");
        await using TestClient stays = await proxied.JoinAsync(channel, 1);

        using HttpResponseMessage response = await Post(proxied, Token(new { sessionIdsByChannel = new Dictionary<string, object[]> { [channel] = [1] } }), "203.0.113.6");

        // Refused silently, as upstream does (R14): the answer is still 200.
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await stays.ExpectNothingAsync();
        stays.State.Should().Be(System.Net.WebSockets.WebSocketState.Open);
    }

    [Fact]
    public async Task Sessions_of_a_channel_created_from_the_same_forwarded_address_are_kicked_with_4108()
    {
        await using TestServer proxied = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["PROXY"] = "1" });
        string channel = await proxied.CreateChannelAsync(forwardedFor: "203.0.113.5");
        await using TestClient kicked = await proxied.JoinAsync(channel, 1);
        string token = Token(new { sessionIdsByChannel = new Dictionary<string, object[]> { [channel] = [1] } });
        using HttpResponseMessage refused = await Post(proxied, token, "203.0.113.6");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        await kicked.ExpectNothingAsync();

        using HttpResponseMessage response = await Post(proxied, token, "203.0.113.5, 10.0.0.1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await kicked.ExpectCloseAsync()).Should().Be(4108);
    }

    [Fact]
    public async Task Session_ids_are_type_sensitive_when_kicking()
    {
        string channel = await _server.CreateChannelAsync();
        await using TestClient numeric = await _server.JoinAsync(channel, 5);

        using HttpResponseMessage response = await Post(Token(new { sessionIdsByChannel = new Dictionary<string, object[]> { [channel] = ["5"] } }));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await numeric.ExpectNothingAsync();
    }

    [Fact]
    public async Task Unknown_channels_are_skipped()
    {
        using HttpResponseMessage response = await Post(Token(new { sessionIdsByChannel = new Dictionary<string, object[]> { ["nope"] = [1] } }));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_non_iterable_session_list_gets_422()
    {
        string channel = await _server.CreateChannelAsync();

        using HttpResponseMessage response = await Post(Token(new { sessionIdsByChannel = new Dictionary<string, object> { [channel] = 7 } }));

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_and_the_server_keeps_serving()
    {
        using HttpResponseMessage response = await Post(new string('a', 10_000));

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await _server.Http.GetAsync("/v1/noop")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static string Token(object claims) => Jwt.Sign(claims, TestServer.Key);

    private Task<HttpResponseMessage> Post(string body) => Post(_server, body, forwardedFor: null);

    private static async Task<HttpResponseMessage> Post(TestServer server, string body, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/disconnect") { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("x-forwarded-for", forwardedFor);
        }

        return await server.Http.SendAsync(request);
    }
}
