using System.Net;
using System.Text;
using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Demo;

/// <summary>The demo page and its token endpoint exist only when sfu.http.demo is on (issue 5, item 3).</summary>
public sealed class DemoPageTests
{
    private static Task<TestServer> StartWithDemoAsync() =>
        TestServer.StartAsync(settings => settings with { Http = settings.Http with { Demo = true } });

    [Fact]
    public async Task The_demo_is_off_by_default()
    {
        await using TestServer server = await TestServer.StartAsync();

        (await server.Http.GetAsync("/demo")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await server.Http.PostAsync("/demo/join", Json(new { channel = "room" }))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/demo", "text/html", "<script type=\"module\" src=\"/demo/app.js\">")]
    [InlineData("/demo/app.js", "text/javascript", "from \"/bundle/odoo_sfu.js\"")]
    [InlineData("/demo/style.css", "text/css", ".tile")]
    public async Task When_enabled_the_page_and_its_assets_are_served(string path, string contentType, string excerpt)
    {
        await using TestServer server = await StartWithDemoAsync();

        using HttpResponseMessage response = await server.Http.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(contentType);
        (await response.Content.ReadAsStringAsync()).Should().Contain(excerpt);
    }

    [Fact]
    public async Task Joining_a_name_twice_gives_one_channel_and_two_sessions_with_tokens_the_server_accepts()
    {
        await using TestServer server = await StartWithDemoAsync();

        JsonElement first = await JoinAsync(server, "standup");
        JsonElement second = await JoinAsync(server, "standup");
        JsonElement other = await JoinAsync(server, "retro");

        second.GetProperty("channelUUID").GetString().Should().Be(first.GetProperty("channelUUID").GetString());
        other.GetProperty("channelUUID").GetString().Should().NotBe(first.GetProperty("channelUUID").GetString());
        second.GetProperty("sessionId").GetInt64().Should().NotBe(first.GetProperty("sessionId").GetInt64());
        JwtResult token = Jwt.Verify(first.GetProperty("token").GetString()!, TestServer.Key, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        token.IsValid.Should().BeTrue();
        token.Claims.GetProperty("sfu_channel_uuid").GetString().Should().Be(first.GetProperty("channelUUID").GetString());
        token.Claims.GetProperty("session_id").GetInt64().Should().Be(first.GetProperty("sessionId").GetInt64());

        await using TestClient client = await TestClient.ConnectAsync(server.WebSocketAddress);
        await client.AuthenticateAsync(first.GetProperty("channelUUID").GetString()!, first.GetProperty("token").GetString()!);
        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Text(""));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("{\"channel\":\"\"}")]
    [InlineData("{\"channel\":\"   \"}")]
    [InlineData("{\"channel\":\" \\t\\n \"}")]
    [InlineData("{\"channel\":42}")]
    [InlineData("[\"room\"]")]
    public async Task A_join_without_a_usable_channel_name_is_a_bad_request(string body)
    {
        await using TestServer server = await StartWithDemoAsync();

        using HttpResponseMessage response = await server.Http.PostAsync("/demo/join", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_channel_name_longer_than_64_characters_is_a_bad_request()
    {
        await using TestServer server = await StartWithDemoAsync();

        using HttpResponseMessage response = await server.Http.PostAsync("/demo/join", Json(new { channel = new string('x', 65) }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_channel_name_is_trimmed_so_surrounding_spaces_name_the_same_channel()
    {
        await using TestServer server = await StartWithDemoAsync();

        JsonElement plain = await JoinAsync(server, "standup");
        JsonElement padded = await JoinAsync(server, "  standup ");

        padded.GetProperty("channelUUID").GetString().Should().Be(plain.GetProperty("channelUUID").GetString());
    }

    [Fact]
    public async Task A_long_name_padded_with_spaces_is_measured_without_them()
    {
        await using TestServer server = await StartWithDemoAsync();

        using HttpResponseMessage response = await server.Http.PostAsync("/demo/join", Json(new { channel = $"  {new string('x', 64)}  " }));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<JsonElement> JoinAsync(TestServer server, string channel)
    {
        using HttpResponseMessage response = await server.Http.PostAsync("/demo/join", Json(new { channel }));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
