using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Media;
using Sfu.Actors.Sessions;
using Sfu.Actors.TestKit;
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

    [Fact]
    public void A_media_worker_that_dies_is_replaced_and_its_channels_sessions_close_with_1011_and_reconnect_to_the_new_worker()
    {
        var channel = CreateWebRtcChannel(_media.Plane);
        JoinConnected(channel, 1);
        JoinConnected(channel, 2);
        MediaWorker dead = _media.Pool.Workers[0];

        dead.Loop.Post(new FatalWorkItem());

        var closed = new[] { ExpectMsg<BusClosed>(Generous), ExpectMsg<BusClosed>(Generous) };
        closed.Should().BeEquivalentTo([new BusClosed("1", CloseCodes.Error), new BusClosed("2", CloseCodes.Error)]);
        MediaWorker replacement = _media.Pool.Workers[0];
        replacement.Should().NotBeSameAs(dead);
        dead.Loop.IsRunning.Should().BeFalse();
        replacement.Loop.IsRunning.Should().BeTrue();

        Join(channel, 1);
        BusRequested init = ExpectMsg<BusRequested>(r => r.Name == "INIT_TRANSPORTS", Generous);
        Member(init, "ctsConfig")!["iceCandidates"]![0]!["port"]!.GetValue<int>().Should().Be(replacement.Loop.WorkerSocket!.Port,
            "the new router lives on the new worker");
        replacement.RouterCount.Should().Be(1);
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
