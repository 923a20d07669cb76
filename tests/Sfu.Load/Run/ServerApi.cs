using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sfu.Load.Run;

/// <summary>
/// What an application backend does for its users, done by the tool itself with the server's AUTH_KEY: create
/// channels (GET /v1/channel) and sign session tokens (HS256 JWT, PROTOCOL.md §2) — so that sfu-load needs nothing but
/// a server URL and its key, and can be pointed at any server that speaks the protocol.
/// </summary>
public sealed class ServerApi(Uri server, string base64Key) : IDisposable
{
    private readonly byte[] _key = Convert.FromBase64String(base64Key.Trim());
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    public Uri Server { get; } = server;

    public async Task<string> CreateChannelAsync(string issuer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/channel");
        request.Headers.Authorization = new AuthenticationHeaderValue("jwt", Sign(new { iss = issuer }));
        using HttpResponseMessage response = await _http.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return body.RootElement.GetProperty("uuid").GetString()!;
    }

    public string SessionToken(string channelUuid, int sessionId) => Sign(new { sfu_channel_uuid = channelUuid, session_id = sessionId });

    public void Dispose() => _http.Dispose();

    private string Sign(object claims)
    {
        string header = Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        string payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        byte[] signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + Base64Url(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
