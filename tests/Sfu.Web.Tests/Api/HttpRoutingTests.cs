using System.Net;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Api;

/// <summary>Routing rules of PROTOCOL.md §1.1 over a real socket (R1–R4).</summary>
public sealed class HttpRoutingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Noop_answers_ok_as_json()
    {
        using HttpResponseMessage response = await _server.Http.GetAsync("/v1/noop");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"result\":\"ok\"}");
    }

    [Theory]
    [InlineData("HEAD", "/v1/noop")]
    [InlineData("PUT", "/v1/channel")]
    [InlineData("DELETE", "/v1/stats")]
    [InlineData("PATCH", "/anything")]
    public async Task Methods_other_than_GET_POST_OPTIONS_get_405_with_an_empty_body(string method, string path)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        response.Content.Headers.Allow.Should().BeEmpty();
    }

    [Theory]
    [InlineData("GET", "/v1/unknown")]
    [InlineData("GET", "/v1/disconnect")]
    [InlineData("POST", "/v1/channel")]
    [InlineData("OPTIONS", "/v1/channel")]
    [InlineData("OPTIONS", "/v1/noop")]
    [InlineData("GET", "/v1/noop/")]
    [InlineData("GET", "/V1/noop")]
    public async Task Unknown_routes_and_every_OPTIONS_get_404_without_CORS(string method, string path)
    {
        using HttpResponseMessage response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        response.Headers.Select(h => h.Key).Should().NotContain(h => h.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_query_string_does_not_affect_routing()
    {
        using HttpResponseMessage response = await _server.Http.GetAsync("/v1/noop?x=1&y");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Stats_without_channels_is_an_empty_array()
    {
        using HttpResponseMessage response = await _server.Http.GetAsync("/v1/stats");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync()).Should().Be("[]");
    }
}
