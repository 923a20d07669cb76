using System.Net;
using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Api;

/// <summary><c>GET /v1/channel</c> (PROTOCOL.md §1.4; R5–R12).</summary>
public sealed class ChannelApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("jwt")]
    [InlineData("jwt  token-after-two-spaces")]
    public async Task A_missing_token_gets_401(string? authorization)
    {
        using HttpResponseMessage response = await GetChannel(authorization);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("jwt not.a.token")]
    [InlineData("jwt eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJvZG9vIn0.")]
    public async Task A_token_that_fails_verification_gets_500(string authorization)
    {
        using HttpResponseMessage response = await GetChannel(authorization);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task An_expired_token_gets_500()
    {
        string token = Jwt.Sign(new Dictionary<string, object> { ["iss"] = "odoo", ["exp"] = 1_700_000_000 }, TestServer.Key);

        using HttpResponseMessage response = await GetChannel("jwt " + token);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_500()
    {
        string token = Jwt.Sign(new Dictionary<string, object> { ["iss"] = "odoo" }, new byte[32]);

        using HttpResponseMessage response = await GetChannel("jwt " + token);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"iss\":\"\"}")]
    [InlineData("{\"iss\":0}")]
    [InlineData("{\"iss\":null}")]
    public async Task A_valid_token_without_a_truthy_issuer_gets_403(string claims)
    {
        string token = Jwt.Sign(JsonDocument.Parse(claims).RootElement, TestServer.Key);

        using HttpResponseMessage response = await GetChannel("jwt " + token);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("jwt", false)]
    [InlineData("Bearer", false)]
    [InlineData("jwt", true)]
    [InlineData("Bearer", true)]
    public async Task Both_schemes_and_both_token_encodings_create_a_channel(string scheme, bool paddedBase64)
    {
        string token = Jwt.Sign(new Dictionary<string, object> { ["iss"] = "odoo" }, TestServer.Key, paddedBase64);

        using HttpResponseMessage response = await GetChannel($"{scheme} {token}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Guid.TryParse(body.RootElement.GetProperty("uuid").GetString(), out Guid uuid).Should().BeTrue();
        uuid.ToString("D").Should().Be(body.RootElement.GetProperty("uuid").GetString(), "lower-case canonical form");
        uuid.Version.Should().Be(4);
        body.RootElement.GetProperty("url").GetString().Should().Be($"http://198.51.100.7:{_server.Settings.Http.Port}");
    }

    [Fact]
    public async Task The_same_issuer_from_the_same_address_reuses_the_channel_and_another_issuer_does_not()
    {
        string first = await _server.CreateChannelAsync("odoo-a");
        string again = await _server.CreateChannelAsync("odoo-a");
        string other = await _server.CreateChannelAsync("odoo-b");

        again.Should().Be(first);
        other.Should().NotBe(first);
    }

    [Fact]
    public async Task Concurrent_requests_with_the_same_address_and_issuer_all_get_the_same_channel()
    {
        // Creation is serialised per reuse key (our fix of upstream, README compatibility section).
        string[] uuids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _server.CreateChannelAsync("odoo-concurrent"))));

        uuids.Distinct().Should().ContainSingle();
        using var stats = JsonDocument.Parse(await _server.Http.GetStringAsync("/v1/stats"));
        stats.RootElement.EnumerateArray().Select(c => c.GetProperty("uuid").GetString()).Should().Equal(uuids[0]);
    }

    [Fact]
    public async Task A_reused_channel_keeps_its_WebRTC_flag()
    {
        string uuid = await _server.CreateChannelAsync("odoo", webRtc: false);
        string reused = await _server.CreateChannelAsync("odoo", webRtc: true);

        reused.Should().Be(uuid);
        using var stats = JsonDocument.Parse(await _server.Http.GetStringAsync("/v1/stats"));
        stats.RootElement.EnumerateArray().Single().GetProperty("webRtcEnabled").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_reused_channel_keeps_its_per_channel_key()
    {
        byte[] first = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        byte[] second = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
        string uuid = await _server.CreateChannelAsync("odoo", Convert.ToBase64String(first));
        string reused = await _server.CreateChannelAsync("odoo", Convert.ToBase64String(second));

        reused.Should().Be(uuid);
        await using TestClient withSecond = await TestClient.ConnectAsync(_server.WebSocketAddress);
        await withSecond.AuthenticateAsync(uuid, Jwt.Sign(new { session_id = 1 }, second));
        (await withSecond.ReceiveAsync()).Should().Be(TestClient.Frame.Closed(4106));
        await using TestClient withFirst = await _server.JoinAsync(uuid, 1, first);
    }

    [Theory]
    [InlineData("/v1/channel?webRTC=false", false)]
    [InlineData("/v1/channel?webRTC=False", true)]
    [InlineData("/v1/channel?webRTC=0", true)]
    [InlineData("/v1/channel", true)]
    public async Task Only_the_exact_string_false_disables_WebRTC(string path, bool expected)
    {
        string token = Jwt.Sign(new Dictionary<string, object> { ["iss"] = path }, TestServer.Key);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "jwt " + token);
        using HttpResponseMessage response = await _server.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        using var stats = JsonDocument.Parse(await _server.Http.GetStringAsync("/v1/stats"));
        stats.RootElement.EnumerateArray().Single().GetProperty("webRtcEnabled").GetBoolean().Should().Be(expected);
    }

    [Fact]
    public async Task A_non_string_key_claim_gets_500()
    {
        string token = Jwt.Sign(new Dictionary<string, object> { ["iss"] = "odoo", ["key"] = 12345 }, TestServer.Key);

        using HttpResponseMessage response = await GetChannel("jwt " + token);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
    }

    private Task<HttpResponseMessage> GetChannel(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/channel");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return _server.Http.SendAsync(request);
    }
}
