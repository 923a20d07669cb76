using Microsoft.Extensions.Logging;
using Sfu.Actors.Auth;
using Sfu.Actors.Configuration;
using Sfu.Web.Hosting;

namespace Sfu.Web.Tests.Support;

/// <summary>
/// A real server on an ephemeral port of 127.0.0.1, with the reference configuration, a known key and short
/// timeouts where a test needs them. Logs go nowhere unless SFU_TEST_LOGS is set.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    /// <summary>The 32 bytes 0x00…0x1F of PROTOCOL.md §8.1.</summary>
    public const string AuthKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public static readonly byte[] Key = LenientBase64.Decode(AuthKey);

    private TestServer(SfuServer server, SfuSettings settings)
    {
        Server = server;
        Settings = settings;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SfuServer Server { get; }

    public SfuSettings Settings { get; }

    public HttpClient Http { get; }

    public Uri BaseAddress => Server.BaseAddress;

    public Uri WebSocketAddress => new($"ws://{BaseAddress.Authority}/");

    /// <param name="logs">Where the server logs; by default nowhere (or the console when SFU_TEST_LOGS is set).</param>
    /// <param name="time">The clock of the server's actors, timers and token checks; a virtual one moves only when told.</param>
    public static async Task<TestServer> StartAsync(
        Func<SfuSettings, SfuSettings>? configure = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        ILoggerFactory? logs = null,
        TimeProvider? time = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["AUTH_KEY"] = AuthKey,
            ["PUBLIC_IP"] = "198.51.100.7",
            ["HTTP_INTERFACE"] = "127.0.0.1",
            ["RTC_INTERFACE"] = "127.0.0.1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        SfuSettings settings = SfuSettings.Load(env, null);
        // Port 0 lets the system choose a free port; validation would refuse it from the environment.
        settings = settings with { Http = settings.Http with { Port = 0 } };
        settings = configure?.Invoke(settings) ?? settings;
        logs ??= Environment.GetEnvironmentVariable("SFU_TEST_LOGS") is null
            ? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance
            : LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug));
        SfuServer server = await SfuServer.StartAsync(settings, logs, time);
        return new TestServer(server, settings);
    }

    /// <summary>
    /// Creates a channel through the HTTP API and returns its UUID. <paramref name="forwardedFor"/> is sent as
    /// <c>x-forwarded-for</c>: the creator's address when the server trusts a proxy.
    /// </summary>
    public async Task<string> CreateChannelAsync(string issuer = "odoo", string? channelKey = null, bool webRtc = false, string? forwardedFor = null)
    {
        var claims = new Dictionary<string, object> { ["iss"] = issuer };
        if (channelKey is not null)
        {
            claims["key"] = channelKey;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, webRtc ? "/v1/channel" : "/v1/channel?webRTC=false");
        request.Headers.TryAddWithoutValidation("Authorization", "jwt " + Jwt.Sign(claims, Key));
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("x-forwarded-for", forwardedFor);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("uuid").GetString()!;
    }

    /// <summary>Connects and authenticates a client in the current form; the acknowledgement is consumed.</summary>
    public async Task<TestClient> JoinAsync(string channelUuid, object sessionId, byte[]? key = null)
    {
        TestClient client = await TestClient.ConnectAsync(WebSocketAddress);
        await client.AuthenticateAsync(channelUuid, Jwt.Sign(new Dictionary<string, object> { ["session_id"] = sessionId }, key ?? Key));
        (await client.ReceiveAsync()).Should().Be(TestClient.Frame.Text(string.Empty), "the acknowledgement is the first frame");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
