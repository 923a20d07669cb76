using System.Text.Json;
using Sfu.Actors.Media;
using Sfu.Actors.Sessions;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Tests.Scenarios.Media;

/// <summary>
/// The media signaling of PROTOCOL.md §5.2–§5.5 between sessions, their channel and its router: INIT_TRANSPORTS,
/// CONNECT_*, INIT_PRODUCER, INIT_CONSUMER with the paused-state sync, PRODUCTION_CHANGE, CONSUMPTION_CHANGE,
/// departures and consumer recovery.
/// </summary>
public sealed class SessionMediaTests : MediaScenario
{
    [Fact]
    public void A_session_gets_INIT_TRANSPORTS_with_both_transports_and_is_connected_once_it_answers()
    {
        var channel = CreateWebRtcChannel();
        var (_, bus) = Join(channel, 1);

        Router.ExpectMsg<CreateSessionTransports>().Session.Should().Be(SessionId.FromNumber(1));
        BusRequested init = ExpectMsg<BusRequested>(r => r.Name == "INIT_TRANSPORTS");
        init.Payload!.AsObject().Select(p => p.Key).Should().Equal("capabilities", "stcConfig", "ctsConfig", "producerOptionsByKind");
        Member(init, "stcConfig")!["id"]!.GetValue<string>().Should().StartWith("download-");
        Member(init, "ctsConfig")!["id"]!.GetValue<string>().Should().StartWith("upload-");

        bus.Answer(init.RequestId, "{\"codecs\":[]}");
        // Only a connected session consumes: an INIT_CONSUMER for someone else's producer proves it.
        var (bob, bobBus) = JoinConnected(channel, 2);
        Produce(bob, bobBus, "audio", "audio");
        FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER", Client: "1" });
        Advance(Signaling.ConnectionTimeout + TimeSpan.FromSeconds(1));

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        bus.IsOpen.Should().BeTrue();
    }

    [Fact]
    public void A_client_that_fails_INIT_TRANSPORTS_is_closed_with_1011_and_its_transports_released()
    {
        var channel = CreateWebRtcChannel();
        var (_, bus) = Join(channel, 1);
        BusRequested init = ExpectMsg<BusRequested>(r => r.Name == "INIT_TRANSPORTS");

        bus.FailRequest(init.RequestId, new TimeoutException("no answer"));

        ExpectClosed("1").Code.Should().Be(CloseCodes.Error);
        Router.FishForMessage<CloseSessionTransports>(m => m is CloseSessionTransports).Session.Should().Be(SessionId.FromNumber(1));
    }

    [Fact]
    public void Connecting_a_transport_twice_answers_only_the_first_request()
    {
        var channel = CreateWebRtcChannel();
        var (session, _) = JoinConnected(channel, 1);
        var dtls = JsonDocument.Parse("{\"dtlsParameters\":{\"role\":\"client\",\"fingerprints\":[]}}").RootElement;

        session.Tell(new ClientRequest("c_1", "CONNECT_CTS_TRANSPORT", dtls));
        session.Tell(new ClientRequest("c_2", "CONNECT_CTS_TRANSPORT", dtls));

        ExpectMsg<BusSent>(m => m.Name == "response:c_1");
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Router.FishForMessage<ConnectTransport>(m => m is ConnectTransport).TransportId.Should().StartWith("upload-");
    }

    [Fact]
    public void A_producer_is_announced_to_the_others_with_INIT_CONSUMER_and_resumed_once_acknowledged()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        var (_, bobBus) = JoinConnected(channel, 2);

        string producerId = Produce(alice, aliceBus, "camera", "video");

        BusRequested initConsumer = FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER" });
        initConsumer.Client.Should().Be("2");
        Member(initConsumer, "producerId")!.GetValue<string>().Should().Be(producerId);
        Member(initConsumer, "sessionId")!.GetValue<int>().Should().Be(1);
        Member(initConsumer, "type")!.GetValue<string>().Should().Be("camera");
        Member(initConsumer, "kind")!.GetValue<string>().Should().Be("video");
        Member(initConsumer, "active")!.GetValue<bool>().Should().BeTrue();
        Router.FishForMessage<Consume>(m => m is Consume).ProducerId.Should().Be(producerId);

        bobBus.Answer(initConsumer.RequestId);

        SetConsumerPaused resume = Router.FishForMessage<SetConsumerPaused>(m => m is SetConsumerPaused);
        resume.Paused.Should().BeFalse();
        resume.ConsumerId.Should().Be(Member(initConsumer, "id")!.GetValue<string>());
    }

    [Fact]
    public void A_newcomer_consumes_the_producers_that_existed_before_it_in_audio_camera_screen_order()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        Produce(alice, aliceBus, "screen", "video");
        Produce(alice, aliceBus, "audio", "audio");

        var (_, bobBus) = JoinConnected(channel, 2);

        BusRequested first = FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER", Client: "2" });
        Member(first, "type")!.GetValue<string>().Should().Be("audio");
        bobBus.Answer(first.RequestId);
        BusRequested second = FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER", Client: "2" });
        Member(second, "type")!.GetValue<string>().Should().Be("screen");
    }

    [Fact]
    public void A_client_whose_capabilities_cannot_consume_gets_no_INIT_CONSUMER_and_no_error()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        JoinConnected(channel, 2, $"{{\"{ScriptedRouter.CannotConsumeMarker}\":true}}");

        Produce(alice, aliceBus, "camera", "video");

        Router.FishForMessage<Consume>(m => m is Consume);
        ExpectNoRequest("INIT_CONSUMER", TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Pausing_a_production_pauses_the_producer_and_the_consumers_and_tells_everyone_the_info()
    {
        var call = StartCameraCall();
        var (alice, producerId) = (call.Alice, call.ProducerId);

        alice.Tell(new ClientMessage("PRODUCTION_CHANGE", JsonDocument.Parse("{\"type\":\"camera\",\"active\":false}").RootElement));

        Router.FishForMessage<SetProducerPaused>(m => m is SetProducerPaused).Should().Be(new SetProducerPaused(producerId, true));
        Router.FishForMessage<SetConsumerPaused>(m => m is SetConsumerPaused).Paused.Should().BeTrue();
        FishForMessage<BusSent>(m => m is BusSent { Name: "S_INFO_CHANGE", Client: "2" } s && s.PayloadJson.Contains("\"isCameraOn\":false"));
    }

    [Fact]
    public void Consumption_change_pauses_and_resumes_a_consumer_of_one_session()
    {
        var call = StartCameraCall();
        var (alice, bob, initConsumer) = (call.Alice, call.Bob, call.InitConsumer);

        bob.Tell(new ClientMessage("CONSUMPTION_CHANGE", JsonDocument.Parse("{\"sessionId\":1,\"states\":{\"camera\":false,\"screen\":true}}").RootElement));

        SetConsumerPaused pause = Router.FishForMessage<SetConsumerPaused>(m => m is SetConsumerPaused);
        pause.Paused.Should().BeTrue();
        pause.ConsumerId.Should().Be(Member(initConsumer, "id")!.GetValue<string>());
    }

    [Fact]
    public void An_unacknowledged_INIT_CONSUMER_is_closed_and_retried_after_the_recovery_delay()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        var (_, bobBus) = JoinConnected(channel, 2);
        Produce(alice, aliceBus, "audio", "audio");
        BusRequested first = FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER" });

        bobBus.FailRequest(first.RequestId, new TimeoutException("no answer"));
        Router.FishForMessage<CloseConsumer>(m => m is CloseConsumer).ConsumerId.Should().Be(Member(first, "id")!.GetValue<string>());

        var (retry, elapsed) = AdvanceUntil<BusRequested>(m => m.Name == "INIT_CONSUMER", TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2));
        Member(retry, "id")!.GetValue<string>().Should().NotBe(Member(first, "id")!.GetValue<string>());
    }

    [Fact]
    public void A_new_list_of_producers_during_the_recovery_delay_waits_for_the_recovery()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        var (bob, bobBus) = JoinConnected(channel, 2);
        string producerId = Produce(alice, aliceBus, "audio", "audio");
        BusRequested first = FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER" });
        bobBus.FailRequest(first.RequestId, new TimeoutException("no answer"));
        Router.FishForMessage<CloseConsumer>(m => m is CloseConsumer);

        // The channel tells bob again what alice produces (as it does when anything about her producers changes).
        bob.Tell(new ConsumeSession(SessionId.FromNumber(1), [new PublishedProducer("audio", producerId, "audio", Paused: false)]));

        var (_, elapsed) = AdvanceUntil<BusRequested>(m => m.Name == "INIT_CONSUMER", TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2), "a client that just failed to answer is not asked again before the delay");
    }

    [Fact]
    public void A_session_that_leaves_releases_its_transports_and_the_others_forget_its_consumers()
    {
        var call = StartCameraCall();
        var (alice, bob, initConsumer) = (call.Alice, call.Bob, call.InitConsumer);

        alice.Tell(new ClientSocketClosed(Failed: false));

        Router.FishForMessage<CloseSessionTransports>(m => m is CloseSessionTransports).Session.Should().Be(SessionId.FromNumber(1));
        Router.FishForMessage<CloseConsumer>(m => m is CloseConsumer).ConsumerId.Should().Be(Member(initConsumer, "id")!.GetValue<string>());
        FishForMessage<BusSent>(m => m is BusSent { Name: "SESSION_LEAVE", Client: "2" });
    }

    [Fact]
    public void A_failed_router_closes_every_session_with_1011_and_a_new_router_serves_those_who_reconnect()
    {
        var channel = CreateWebRtcChannel();
        JoinConnected(channel, 1);

        Join(channel, ScriptedRouter.FailingSession);

        var closed = new[] { ExpectMsg<BusClosed>(), ExpectMsg<BusClosed>() };
        closed.Should().BeEquivalentTo([new BusClosed("1", CloseCodes.Error), new BusClosed("99", CloseCodes.Error)]);
        var (_, again) = Join(channel, 1);
        BusRequested init = ExpectMsg<BusRequested>(r => r.Name == "INIT_TRANSPORTS");
        init.Client.Should().Be(again.Client);
    }

    [Fact]
    public void A_transport_that_fails_closes_its_session_with_1011_and_the_others_hear_SESSION_LEAVE()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = Join(channel, 1);
        BusRequested init = ExpectMsg<BusRequested>(r => r.Name == "INIT_TRANSPORTS");
        aliceBus.Answer(init.RequestId, "{\"codecs\":[]}");
        JoinConnected(channel, 2);
        string uploadId = Member(init, "ctsConfig")!["id"]!.GetValue<string>();

        // What the router tells a session when ICE/DTLS fails or consent expires.
        alice.Tell(new TransportStateChanged(uploadId, TransportDirection.Upload, WebRtcTransportState.Disconnected, "consent expired"));

        var outcome = ReceiveN(2);
        outcome.Should().ContainEquivalentOf(new BusClosed("1", CloseCodes.Error));
        outcome.OfType<BusSent>().Should().ContainSingle(m => m.Client == "2" && m.Name == "SESSION_LEAVE");
    }

    [Fact]
    public void Stats_sum_the_bitrates_the_router_reports_for_each_producer_type()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        Produce(alice, aliceBus, "audio", "audio");
        Produce(alice, aliceBus, "camera", "video");

        alice.Tell(GetSessionStats.Instance, TestActor);

        SessionStats stats = FishForMessage<SessionStats>(m => m is SessionStats);
        stats.Should().Be(new SessionStats(SessionId.FromNumber(1), 32_000, 500_000, 0));
    }

    /// <summary>Alice (1) produces a camera; Bob (2) consumes it, acknowledged and resumed.</summary>
    private CameraCall StartCameraCall()
    {
        var channel = CreateWebRtcChannel();
        var (alice, aliceBus) = JoinConnected(channel, 1);
        var (bob, bobBus) = JoinConnected(channel, 2);
        string producerId = Produce(alice, aliceBus, "camera", "video");
        BusRequested initConsumer = FishForMessage<BusRequested>(m => m is BusRequested { Name: "INIT_CONSUMER" });
        bobBus.Answer(initConsumer.RequestId);
        Router.FishForMessage<SetConsumerPaused>(m => m is SetConsumerPaused { Paused: false });
        return new CameraCall(alice, bob, producerId, initConsumer);
    }

    private sealed record CameraCall(
        Sfu.Actors.Runtime.IActorRef Alice, Sfu.Actors.Runtime.IActorRef Bob, string ProducerId, BusRequested InitConsumer);
}
