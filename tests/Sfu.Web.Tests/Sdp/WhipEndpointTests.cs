using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sfu.Actors.Auth;
using Sfu.Transport.Sdp;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Sdp;

/// <summary>
/// WHIP (RFC 9725) and WHEP over real sockets, without a browser: the HTTP contract (201 with an answer and a
/// Location, 400/401/404/405/415, DELETE) and the connect timeout that removes a client that never connects. The
/// browser tests (client/test/e2e/whip, whep) show the media.
/// </summary>
public sealed class WhipEndpointTests : IAsyncLifetime
{
    /// <summary>An OBS-style offer (Opus and H.264 Constrained Baseline, BUNDLE, actpass), never followed by ICE.</summary>
    private const string ObsOffer = """
        v=0
        o=rtc 3618437126 0 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic:WMS *
        a=fingerprint:sha-256 4A:C1:7E:30:B9:52:08:DF:66:1B:A4:E7:3C:95:20:8F:D1:74:0B:CE:59:A2:36:EB:13:8D:F0:67:C4:29:5E:B8
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=mid:0
        a=sendonly
        a=ssrc:1895521041 cname:obs
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=fmtp:111 minptime=10;useinbandfec=1
        a=setup:actpass
        a=ice-ufrag:R9tc
        a=ice-pwd:cQ1vZ8kM5xL2bN7wJ4dF0hGs
        m=video 9 UDP/TLS/RTP/SAVPF 96
        c=IN IP4 0.0.0.0
        a=mid:1
        a=sendonly
        a=ssrc:3402170866 cname:obs
        a=rtcp-mux
        a=rtpmap:96 H264/90000
        a=rtcp-fb:96 nack pli
        a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1
        a=setup:actpass
        a=ice-ufrag:R9tc
        a=ice-pwd:cQ1vZ8kM5xL2bN7wJ4dF0hGs

        """;

    private TestServer _server = null!;
    private string _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(settings => settings with { Sdp = settings.Sdp with { ConnectTimeout = TimeSpan.FromSeconds(1) } });
        _channel = await _server.CreateChannelAsync(webRtc: true);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Token(long sessionId) => Jwt.Sign(new { sfu_channel_uuid = _channel, session_id = sessionId }, TestServer.Key);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, string? body = null, string contentType = "application/sdp")
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return await _server.Http.SendAsync(request);
    }

    [Fact]
    public async Task An_offer_is_answered_201_with_sdp_and_a_location_that_DELETE_ends()
    {
        using HttpResponseMessage created = await SendAsync(HttpMethod.Post, $"/whip/{_channel}", Token(7), ObsOffer);

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        created.Content.Headers.ContentType!.MediaType.Should().Be("application/sdp");
        string location = created.Headers.Location!.OriginalString;
        location.Should().MatchRegex($"^/whip/{_channel}/[0-9a-f]{{32}}$");
        SdpParser.TryParse(await created.Content.ReadAsStringAsync(), out SessionDescription? answer, out string? error).Should().BeTrue(error);
        answer!.IceLite.Should().BeTrue();
        answer.Media.Select(m => (m.Mid, m.Direction)).Should().Equal(("0", SdpDirection.RecvOnly), ("1", SdpDirection.RecvOnly));

        (await SendAsync(HttpMethod.Patch, location, Token(7), "a=end-of-candidates", "application/trickle-ice-sdpfrag")).StatusCode
            .Should().Be(HttpStatusCode.MethodNotAllowed);
        (await SendAsync(HttpMethod.Delete, location, Token(8))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "another token");
        (await SendAsync(HttpMethod.Delete, location, Token(7))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Delete, location, Token(7))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_client_that_never_connects_leaves_after_the_connect_timeout()
    {
        using HttpResponseMessage created = await SendAsync(HttpMethod.Post, $"/whip/{_channel}", Token(9), ObsOffer);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        string location = created.Headers.Location!.OriginalString;

        var gone = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status = HttpStatusCode.OK;
        while (gone.Elapsed < TimeSpan.FromSeconds(10) && status != HttpStatusCode.NotFound)
        {
            await Task.Delay(200);
            // A PATCH answers 405 while the resource exists and 404 once it is gone, without ending it.
            status = (await SendAsync(HttpMethod.Patch, location, Token(9), "x", "application/trickle-ice-sdpfrag")).StatusCode;
        }

        status.Should().Be(HttpStatusCode.NotFound);
        gone.Elapsed.Should().BeGreaterThan(TimeSpan.FromSeconds(0.8));
    }

    [Theory]
    [InlineData(null, "application/sdp", "v=0", HttpStatusCode.Unauthorized)]
    [InlineData("good", "application/json", "{}", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("good", "application/sdp", "v=0\nm=oops", HttpStatusCode.BadRequest)]
    [InlineData("forged", "application/sdp", ObsOffer, HttpStatusCode.Unauthorized)]
    public async Task Bad_requests_get_a_clear_status(string? token, string contentType, string body, HttpStatusCode expected)
    {
        string? bearer = token switch { "good" => Token(11), "forged" => Token(11) + "x", _ => null };
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, $"/whip/{_channel}", bearer, body, contentType);
        response.StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Unknown_channels_and_sessions_get_404()
    {
        (await SendAsync(HttpMethod.Post, "/whip/00000000-0000-0000-0000-000000000000", Token(12), ObsOffer)).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
        string recvonly = ObsOffer.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal);
        (await SendAsync(HttpMethod.Post, $"/whep/{_channel}/424242", Token(13), recvonly)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_cannot_play_its_own_session_id_which_would_replace_the_participant()
    {
        using HttpResponseMessage published = await SendAsync(HttpMethod.Post, $"/whip/{_channel}", Token(21), ObsOffer);
        published.StatusCode.Should().Be(HttpStatusCode.Created);
        string recvonly = ObsOffer.Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal);
        using HttpResponseMessage played = await SendAsync(HttpMethod.Post, $"/whep/{_channel}/21", Token(21), recvonly);
        played.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SendAsync(HttpMethod.Patch, published.Headers.Location!.OriginalString, Token(21), "x", "application/trickle-ice-sdpfrag"))
            .StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed, "the publisher is still there");
    }

    [Fact]
    public async Task Pages_of_other_origins_may_publish_cors_preflight_and_exposed_location()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, $"/whip/{_channel}");
        preflight.Headers.TryAddWithoutValidation("Origin", "https://app.example.com");
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "authorization, content-type");
        using HttpResponseMessage allowed = await _server.Http.SendAsync(preflight);
        allowed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        allowed.Headers.GetValues("Access-Control-Allow-Methods").Should().Equal("POST");
        allowed.Headers.GetValues("Access-Control-Allow-Headers").Single().Should().Contain("Authorization").And.Contain("Content-Type");

        using HttpResponseMessage created = await SendAsync(HttpMethod.Post, $"/whip/{_channel}", Token(15), ObsOffer);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.GetValues("Access-Control-Expose-Headers").Should().Equal("Location");
        created.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
    }

    [Fact]
    public async Task An_offer_without_a_supported_codec_is_refused_with_the_reason()
    {
        string vp9Only = ObsOffer.Replace("opus/48000/2", "G722/8000", StringComparison.Ordinal).Replace("H264/90000", "H265/90000", StringComparison.Ordinal);
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, $"/whip/{_channel}", Token(14), vp9Only);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("codec");
    }
}
