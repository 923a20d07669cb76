using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Actors.TestKit;
using Sfu.Transport.Dtls;
using Sfu.Transport.WebRtc;
using ActorTestKit = Sfu.Actors.TestKit.TestKit;

namespace Sfu.Actors.Tests.Media;

/// <summary>
/// Each WebRTC transport of a real router has a transport actor that tells the owning session of its state changes
/// (DESIGN.md, "Transport"): here the session is a probe and the browser a client-mode transport over loopback.
/// </summary>
public sealed class TransportActorTests : ActorTestKit
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private readonly MediaPlaneFixture _media = MediaPlaneFixture.Start(workers: 1);
    private readonly ClientPeer _browser = new();

    [Fact]
    public void The_session_hears_its_transport_connect_and_hears_the_other_one_fail_when_DTLS_fails()
    {
        var (router, session, created) = StartSessionTransports();

        Connect(router, created.Upload, _browser.DtlsParameters());

        TransportStateChanged connected = session.FishForMessage<TransportStateChanged>(
            m => m is TransportStateChanged { State: WebRtcTransportState.Connected }, Generous);
        connected.Should().Be(new TransportStateChanged(created.Upload.Id, TransportDirection.Upload, WebRtcTransportState.Connected, null));

        // The session announces a certificate the browser does not present: the server refuses it (RFC 8122 §5).
        Connect(router, created.Download, _browser.DtlsParameters(DtlsCertificate.Generate()));

        TransportStateChanged failed = session.FishForMessage<TransportStateChanged>(
            m => m is TransportStateChanged { State: WebRtcTransportState.Failed }, Generous);
        failed.TransportId.Should().Be(created.Download.Id);
        failed.Direction.Should().Be(TransportDirection.Download);
        failed.Reason.Should().Contain(nameof(DtlsFailure.BadCertificate));
    }

    [Fact]
    public void A_session_that_closes_its_transports_is_not_told_they_closed()
    {
        var (router, session, created) = StartSessionTransports();
        Connect(router, created.Upload, _browser.DtlsParameters());
        session.FishForMessage<TransportStateChanged>(m => m is TransportStateChanged { State: WebRtcTransportState.Connected }, Generous);

        router.Tell(new CloseSessionTransports(SessionId.FromNumber(1)));

        session.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the routers stop while their worker still runs
        if (disposing)
        {
            _browser.Dispose();
            _media.Dispose();
        }
    }

    /// <summary>A router on the worker, and session 1's two transports on it, owned by a probe.</summary>
    private (IActorRef Router, TestProbe Session, SessionTransportsCreated Created) StartSessionTransports()
    {
        TestProbe session = CreateTestProbe("session");
        IActorRef router = Sys.ActorOf(_media.Plane.RouterProps("channel"), "router");
        router.Tell(new CreateSessionTransports(SessionId.FromNumber(1), session.Ref), TestActor);
        return (router, session, ExpectMsg<SessionTransportsCreated>(Generous));
    }

    /// <summary>The browser starts ICE and DTLS; the session connects the server side with these DTLS parameters.</summary>
    private void Connect(IActorRef router, TransportDescription transport, System.Text.Json.JsonElement dtlsParameters)
    {
        _browser.Connect(transport.Parameters);
        router.Tell(new ConnectTransport(transport.Id, dtlsParameters), TestActor);
        ExpectMsg<TransportConnected>(Generous);
    }
}
