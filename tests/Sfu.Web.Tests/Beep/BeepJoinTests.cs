using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Beep;

/// <summary>
/// POST /join/{conversation} of the Beep mode (second founding document) over real sockets: off unless configured,
/// 400 without a usable X-User-Claim, and the PERMISSIONS_HOST check (only a 2xx allows the join).
/// </summary>
public sealed class BeepJoinTests : IAsyncLifetime
{
    private WebApplication _permissions = null!;
    private readonly List<string> _asked = [];

    public async Task InitializeAsync()
    {
        // A permission service of our own: "open" conversations are allowed, anything else is forbidden.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _permissions = builder.Build();
        _permissions.MapGet("/user/{user}/conversation/{conversation}", (string user, string conversation) =>
        {
            lock (_asked)
            {
                _asked.Add($"{user}/{conversation}");
            }

            return conversation.StartsWith("open", StringComparison.Ordinal) ? Results.Ok() : Results.StatusCode(403);
        });
        await _permissions.StartAsync();
    }

    public async Task DisposeAsync() => await _permissions.DisposeAsync();

    private Task<TestServer> BeepServerAsync(string? permissionsHost) => TestServer.StartAsync(
        settings => settings with { Beep = settings.Beep with { Enabled = true, PermissionsHost = permissionsHost } });

    private static async Task<HttpStatusCode> JoinAsync(TestServer server, string conversation, string? claim)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/join/{conversation}");
        if (claim is not null)
        {
            request.Headers.TryAddWithoutValidation("X-User-Claim", claim);
        }

        using HttpResponseMessage response = await server.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static string Claim(string user) => JsonSerializer.Serialize(new { userid = user, clientid = "phone" });

    [Fact]
    public async Task The_mode_is_off_unless_configured()
    {
        await using TestServer server = await TestServer.StartAsync();
        server.Settings.Beep.Enabled.Should().BeFalse();
        (await JoinAsync(server, "c1", Claim("ada"))).Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[\"ada\"]")]
    [InlineData("{\"userid\": \"ada\"}")]
    [InlineData("{\"userid\": 7, \"clientid\": \"phone\"}")]
    [InlineData("{\"userid\": \"\", \"clientid\": \"phone\"}")]
    public async Task A_missing_or_unparsable_claim_gets_400(string? claim)
    {
        await using TestServer server = await BeepServerAsync(null);
        (await JoinAsync(server, "c1", claim)).Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Ids_longer_than_the_limit_get_400()
    {
        await using TestServer server = await TestServer.StartAsync(
            settings => settings with { Beep = settings.Beep with { Enabled = true, MaxIdLength = 8 } });
        (await JoinAsync(server, "c1", Claim("ada"))).Should().Be(HttpStatusCode.OK);
        (await JoinAsync(server, "c1", Claim("adalovelace"))).Should().Be(HttpStatusCode.BadRequest);
        (await JoinAsync(server, "conversation", Claim("ada"))).Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_permissions_host_every_join_is_allowed()
    {
        await using TestServer server = await BeepServerAsync(null);
        (await JoinAsync(server, "anything", Claim("ada"))).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_permissions_host_decides_only_a_2xx_allows()
    {
        string host = _permissions.Urls.First();
        await using TestServer server = await BeepServerAsync(host);

        (await JoinAsync(server, "open-1", Claim("ada"))).Should().Be(HttpStatusCode.OK);
        (await JoinAsync(server, "closed-1", Claim("ada"))).Should().Be(HttpStatusCode.Forbidden);
        lock (_asked)
        {
            _asked.Should().Equal("ada/open-1", "ada/closed-1");
        }
    }

    [Fact]
    public async Task LISTEN_adds_a_second_address_serving_the_mode()
    {
        var (server, port) = await StartWithBeepListenerOnAFreePortAsync();
        await using TestServer _ = server;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/join/c1");
        request.Headers.TryAddWithoutValidation("X-User-Claim", Claim("ada"));
        using HttpResponseMessage response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>
    /// A port probed free can be taken by another test's server before ours binds it (tests run in parallel):
    /// try a few ports.
    /// </summary>
    private static async Task<(TestServer Server, int Port)> StartWithBeepListenerOnAFreePortAsync()
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            try
            {
                TestServer server = await TestServer.StartAsync(settings => settings with
                {
                    Beep = settings.Beep with { Enabled = true, Listen = new Sfu.Actors.Configuration.ListenEndpoint("127.0.0.1", port) },
                });
                return (server, port);
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                // Taken meanwhile: probe another.
            }
        }
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Fact]
    public async Task An_unreachable_permissions_host_refuses()
    {
        // A port that was free a moment ago: nothing answers there.
        int port = FreePort();
        await using TestServer server = await BeepServerAsync($"http://127.0.0.1:{port}");

        (await JoinAsync(server, "open-2", Claim("ada"))).Should().Be(HttpStatusCode.Forbidden);
    }
}
