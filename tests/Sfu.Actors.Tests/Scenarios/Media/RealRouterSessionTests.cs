using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Sessions;
using Sfu.Actors.Tests.Media;
using Sfu.Transport.Dtls;

namespace Sfu.Actors.Tests.Scenarios.Media;

/// <summary>Sessions of a channel whose router is real, on a real media worker, with a client-mode _browser.</summary>
public sealed class RealRouterSessionTests : MediaScenario
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly MediaPlaneFixture _media = MediaPlaneFixture.Start(workers: 1);
    private readonly ClientPeer _browser = new();

    [Fact]
    public void A_session_whose_upload_transport_fails_DTLS_is_closed_with_1011()
    {
        var channel = CreateWebRtcChannel(_media.Plane);
        var (alice, bus) = Join(channel, 1);
        BusRequested init = ExpectMsg<BusRequested>(r => r.Name == "INIT_TRANSPORTS", Generous);
        bus.Answer(init.RequestId, "{\"codecs\":[]}");
        _browser.Connect(Member(init, "ctsConfig")!);

        // The client announces a certificate it does not present: the server's DTLS refuses the handshake.
        var payload = new JsonObject { ["dtlsParameters"] = JsonNode.Parse(_browser.DtlsParameters(DtlsCertificate.Generate()).GetRawText()) };
        alice.Tell(new ClientRequest("c_1", "CONNECT_CTS_TRANSPORT", JsonSerializer.SerializeToElement(payload)));

        ExpectMsg<BusSent>(m => m.Name == "response:c_1", Generous);
        ExpectMsg<BusClosed>(m => m.Client == "1", Generous).Code.Should().Be(CloseCodes.Error);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the router stops while its worker still runs
        if (disposing)
        {
            _browser.Dispose();
            _media.Dispose();
        }
    }
}
