using System.Net;
using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Actors.TestKit;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Api;

/// <summary><c>GET /v1/stats</c> (PROTOCOL.md §1.6; R15, R16).</summary>
public sealed class StatsApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_channel_has_exactly_the_documented_members()
    {
        string uuid = await _server.CreateChannelAsync();
        await using TestClient client = await _server.JoinAsync(uuid, 1);
        await using TestClient other = await _server.JoinAsync(uuid, 2);
        await client.SendMessageAsync("C_INFO_CHANGE", new { info = new { isCameraOn = true, isScreenSharingOn = 1 } });
        await other.ExpectMessageAsync("S_INFO_CHANGE");

        using var stats = JsonDocument.Parse(await _server.Http.GetStringAsync("/v1/stats"));

        JsonElement channel = stats.RootElement.EnumerateArray().Single();
        channel.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["createDate", "uuid", "remoteAddress", "sessionsStats", "webRtcEnabled"]);
        channel.GetProperty("uuid").GetString().Should().Be(uuid);
        channel.GetProperty("remoteAddress").GetString().Should().Be("127.0.0.1");
        channel.GetProperty("createDate").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$");
        JsonElement sessions = channel.GetProperty("sessionsStats");
        sessions.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["count", "cameraCount", "screenCount", "incomingBitRate"]);
        sessions.GetProperty("count").GetInt32().Should().Be(2);
        sessions.GetProperty("cameraCount").GetInt32().Should().Be(1);
        sessions.GetProperty("screenCount").GetInt32().Should().Be(1);
        JsonElement bitrate = sessions.GetProperty("incomingBitRate");
        bitrate.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["audio", "camera", "screen", "total"]);
        bitrate.GetProperty("total").GetInt64().Should().Be(
            bitrate.GetProperty("audio").GetInt64() + bitrate.GetProperty("camera").GetInt64() + bitrate.GetProperty("screen").GetInt64());
    }

    [Fact]
    public async Task Channels_are_listed_in_creation_order()
    {
        string first = await _server.CreateChannelAsync("a");
        string second = await _server.CreateChannelAsync("b");
        string third = await _server.CreateChannelAsync("c");

        using var stats = JsonDocument.Parse(await _server.Http.GetStringAsync("/v1/stats"));

        stats.RootElement.EnumerateArray().Select(c => c.GetProperty("uuid").GetString()).Should().Equal(first, second, third);
    }

    [Fact]
    public async Task A_channel_that_does_not_answer_in_time_is_named_in_a_header_and_the_body_keeps_its_shape()
    {
        // A full channel logs "… is full …" when it refuses a join; that line stalls it, so it stops answering.
        using var logs = new StallingLoggerFactory("is full");
        await using TestServer server = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["CHANNEL_SIZE"] = "1" }, logs: logs);
        string answering = await server.CreateChannelAsync("a");
        string stuck = await server.CreateChannelAsync("b");
        await using TestClient inside = await server.JoinAsync(stuck, 1);
        await using TestClient refused = await TestClient.ConnectAsync(server.WebSocketAddress);
        try
        {
            await refused.AuthenticateAsync(stuck, Jwt.Sign(new Dictionary<string, object> { ["session_id"] = 2 }, TestServer.Key));
            logs.WaitUntilStalled(TimeSpan.FromSeconds(10)).Should().BeTrue("the full channel refuses the second session");

            using HttpResponseMessage response = await server.Http.GetAsync("/v1/stats");

            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Headers.GetValues("X-Sfu-Stats-Incomplete").Should().Equal(stuck);
            using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            stats.RootElement.EnumerateArray().Select(c => c.GetProperty("uuid").GetString()).Should().Equal(answering, stuck);
            JsonElement reported = stats.RootElement[1];
            reported.EnumerateObject().Select(p => p.Name).Should().Equal(stats.RootElement[0].EnumerateObject().Select(p => p.Name));
            reported.GetProperty("remoteAddress").GetString().Should().Be("127.0.0.1");
            reported.GetProperty("sessionsStats").GetProperty("count").GetInt32().Should().Be(0);
            reported.GetProperty("sessionsStats").GetProperty("incomingBitRate").GetProperty("total").GetInt64().Should().Be(0);
        }
        finally
        {
            logs.Release();
        }

        using HttpResponseMessage recovered = await server.Http.GetAsync("/v1/stats");
        recovered.Headers.Contains("X-Sfu-Stats-Incomplete").Should().BeFalse("the channel answers again once released");
    }
}
