using System.Net;
using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Api;

/// <summary>Forwarded headers count only when PROXY is set, whatever its value (PROTOCOL.md §1.2; R9, R63).</summary>
public sealed class ProxyHeaderTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("false")]
    public async Task With_PROXY_set_the_url_and_remote_address_come_from_the_forwarded_headers(string proxy)
    {
        await using TestServer server = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["PROXY"] = proxy });

        using JsonDocument body = await CreateChannel(server, "odoo", new()
        {
            ["x-forwarded-for"] = "203.0.113.5, 10.0.0.1",
            ["x-forwarded-proto"] = "https,http",
            ["x-forwarded-host"] = "sfu.example.com:8443, other",
        });

        body.RootElement.GetProperty("url").GetString().Should().Be("https://sfu.example.com:8443");
        using var stats = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/stats"));
        stats.RootElement[0].GetProperty("remoteAddress").GetString().Should().Be("203.0.113.5");
    }

    [Fact]
    public async Task With_PROXY_set_a_protocol_other_than_exactly_https_means_http()
    {
        await using TestServer server = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["PROXY"] = "yes" });

        using JsonDocument body = await CreateChannel(server, "odoo", new() { ["x-forwarded-proto"] = "HTTPS" });

        body.RootElement.GetProperty("url").GetString().Should().StartWith("http://");
    }

    [Fact]
    public async Task Without_PROXY_the_forwarded_headers_are_ignored()
    {
        await using TestServer server = await TestServer.StartAsync();

        using JsonDocument body = await CreateChannel(server, "odoo", new()
        {
            ["x-forwarded-for"] = "203.0.113.5",
            ["x-forwarded-proto"] = "https",
            ["x-forwarded-host"] = "sfu.example.com",
        });

        body.RootElement.GetProperty("url").GetString().Should().Be($"http://198.51.100.7:{server.Settings.Http.Port}");
        using var stats = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/stats"));
        stats.RootElement[0].GetProperty("remoteAddress").GetString().Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task A_different_remote_address_gets_a_different_channel_for_the_same_issuer()
    {
        await using TestServer server = await TestServer.StartAsync(environment: new Dictionary<string, string?> { ["PROXY"] = "1" });

        using JsonDocument first = await CreateChannel(server, "odoo", new() { ["x-forwarded-for"] = "203.0.113.5" });
        using JsonDocument second = await CreateChannel(server, "odoo", new() { ["x-forwarded-for"] = "203.0.113.6" });

        second.RootElement.GetProperty("uuid").GetString().Should().NotBe(first.RootElement.GetProperty("uuid").GetString());
    }

    private static async Task<JsonDocument> CreateChannel(TestServer server, string issuer, Dictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/channel");
        request.Headers.TryAddWithoutValidation("Authorization", "jwt " + Jwt.Sign(new Dictionary<string, object> { ["iss"] = issuer }, TestServer.Key));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using HttpResponseMessage response = await server.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
