using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Srtp;
using Sfu.Transport.Stun;
using Sfu.Transport.Tests.Dtls;
using Sfu.Transport.Tests.Net;
using Sfu.Transport.Tests.Stun;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>What a hostile or broken peer can and cannot do to a server transport and its worker.</summary>
public class WebRtcSecurityTests
{
    [Fact]
    public async Task Dtls_from_a_tuple_ICE_has_not_validated_is_ignored_and_counted()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ServerLoop.InvokeAsync(() => bed.Server.Connect(new WebRtcDtlsParameters(
            [TestCertificates.Second.GetFingerprint("sha-256")], WebRtcDtlsParameters.ClientRole)));
        using var attacker = new RawPeer(bed.ServerUdpEndPoint);

        attacker.Send(Corpus.Sample("Dtls/testdata", "client_hello"));
        // Datagrams from one socket are handled in order: once this answer is back, the ClientHello was seen.
        attacker.Check($"{bed.Server.IceParameters.UsernameFragment}:evil", "not-the-password").Should().Be(StunErrorCodes.Unauthenticated);

        bed.ServerLoop.Demultiplexer.Counters.Dropped(DemuxDropReason.DtlsFromUnvalidatedTuple).Should().Be(1);
        bed.Server.Counters.DtlsFromUnvalidatedTuple.Should().Be(0, "the demultiplexer never handed it over");
        bed.Server.DtlsResult.Should().BeNull();
        bed.Server.State.Should().Be(WebRtcTransportState.Connecting);
        bed.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_certificate_that_does_not_match_the_signalled_fingerprint_fails_the_transport()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions
        {
            FingerprintGivenToServer = TestCertificates.Stranger.GetFingerprint("sha-256"),
        });

        await bed.StartAsync();
        await bed.ServerEvents.WaitForStateAsync(WebRtcTransportState.Failed);

        bed.Server.State.Should().Be(WebRtcTransportState.Failed);
        bed.Server.DtlsResult!.Failure.Should().Be(DtlsFailure.BadCertificate);
        bed.Server.SrtpProfile.Should().BeNull("no keys come out of a failed handshake");
        bool sent = await bed.ServerLoop.InvokeAsync(() => bed.Server.TrySendRtp(new byte[MediaPackets.BufferLength], MediaPackets.WriteRtp(new byte[MediaPackets.BufferLength], 1, 1)));
        sent.Should().BeFalse();
    }

    [Fact]
    public async Task Replayed_and_forged_SRTP_packets_are_counted_and_never_delivered()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();
        var capture = new CapturingFilter();
        await bed.ClientLoop.InvokeAsync(() => bed.ClientLoop.SendFilter = capture);

        await WebRtcTestBed.PumpRtpAsync(bed.ClientLoop, bed.Client, bed.ServerEvents, 1, ssrc: 7);
        capture.SwallowNext = true;
        byte[] forged = await bed.ClientLoop.InvokeAsync(() =>
        {
            // Packet 2 is protected but lost on the way; its forged copy (one tag bit flipped) is sent instead.
            var buffer = new byte[MediaPackets.BufferLength];
            bed.Client.TrySendRtp(buffer, MediaPackets.WriteRtp(buffer, 7, 2)).Should().BeTrue();
            byte[] swallowed = capture.Captured[^1];
            swallowed[^1] ^= 0x01; // one bit of the tag
            bed.ClientLoop.SendFilter = null;
            bed.Client.TrySendRaw(capture.Captured[0]).Should().BeTrue(); // the first packet again
            bed.Client.TrySendRaw(swallowed).Should().BeTrue();
            return swallowed;
        });
        forged.Should().NotBeEmpty();
        // A genuine packet after them: when it arrives, the two before it were judged.
        await bed.ClientLoop.InvokeAsync(() =>
        {
            var buffer = new byte[MediaPackets.BufferLength];
            bed.Client.TrySendRtp(buffer, MediaPackets.WriteRtp(buffer, 7, 3)).Should().BeTrue();
        });
        await bed.ServerEvents.WaitForRtpAsync(2);

        bed.Server.Counters.RtpRejected(SrtpResult.Replayed).Should().Be(1);
        bed.Server.Counters.RtpRejected(SrtpResult.AuthenticationFailed).Should().Be(1);
        bed.ServerEvents.RtpPackets.Should().Be(2);
        bed.ServerEvents.DistinctRtpSequenceNumbers.Should().Be(2);
        bed.Server.Counters.RtpPacketsReceived.Should().Be(2);
        bed.Server.State.Should().Be(WebRtcTransportState.Connected);
    }

    [Fact]
    public async Task Stun_check_with_a_wrong_message_integrity_gets_401_and_changes_no_state()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();
        TransportTuple selected = bed.Server.SelectedTuple!.Value;
        using var intruder = new RawPeer(bed.ServerUdpEndPoint);

        int code = intruder.Check($"{bed.Server.IceParameters.UsernameFragment}:{bed.Client.LocalCredentials.UsernameFragment}", "guessed-password-0123456789");

        code.Should().Be(StunErrorCodes.Unauthenticated);
        bed.Server.Counters.StunChecks(IceCheckOutcome.Unauthorized).Should().Be(1);
        bed.Server.SelectedTuple.Should().Be(selected);
        bed.Server.State.Should().Be(WebRtcTransportState.Connected);
        bed.ServerLoop.Demultiplexer.TryGetTarget(TransportTuple.FromEndPoint(intruder.LocalEndPoint, TransportProtocol.Udp), out _).Should().BeFalse();
    }

    [Fact]
    public async Task Stun_check_on_a_fresh_transport_with_a_wrong_password_leaves_it_new()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        using var intruder = new RawPeer(bed.ServerUdpEndPoint);

        intruder.Check($"{bed.Server.IceParameters.UsernameFragment}:x", "wrong").Should().Be(StunErrorCodes.Unauthenticated);
        intruder.Check($"{bed.Server.IceParameters.UsernameFragment}:x", bed.Server.IceParameters.Password).Should().Be(0, "the right password is accepted");

        bed.ServerEvents.States.Should().Equal(WebRtcTransportState.Connecting);
    }

    [Fact]
    public async Task Garbage_datagrams_and_a_garbage_tcp_stream_harm_neither_the_worker_nor_its_transports()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();
        using var attacker = new RawPeer(bed.ServerUdpEndPoint);
        var random = new Random(7983);
        var mutator = new Mutator(5389);
        byte[] clientHello = Corpus.Sample("Dtls/testdata", "client_hello");
        // The attacker knows the ufrag (it travels in the clear) but not the password; an unmutated copy of a check
        // keyed with the real password would legitimately take the path over.
        byte[] check = RawPeer.BindingRequest($"{bed.Server.IceParameters.UsernameFragment}:x", "attacker-does-not-know-it");
        for (int i = 0; i < 2000; i++)
        {
            byte[] datagram = (i % 4) switch
            {
                0 => RandomBytes(random, random.Next(0, 1500)),
                1 => mutator.Mutate(check),
                2 => mutator.Mutate(clientHello),
                _ => check, // well-formed, wrong password: answered 401
            };
            attacker.Send(datagram);
            if (i % 100 == 99)
            {
                await Task.Yield(); // let the worker keep up rather than overflow the socket buffer
            }
        }

        using (var stream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await stream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, bed.ServerLoop.WorkerSocket!.Port));
            await stream.SendAsync(RandomBytes(random, 64 * 1024));
        }

        await WebRtcTestBed.PumpRtpAsync(bed.ClientLoop, bed.Client, bed.ServerEvents, 200, ssrc: 9);
        await WebRtcTestBed.PumpRtpAsync(bed.ServerLoop, bed.Server, bed.ClientEvents, 200, ssrc: 10);

        bed.Errors.Should().BeEmpty();
        bed.Server.State.Should().Be(WebRtcTransportState.Connected);
        bed.ServerEvents.CorruptPackets.Should().Be(0);
        bed.ServerLoop.Demultiplexer.Counters.TotalDropped.Should().BeGreaterThan(0);
        bed.Server.Counters.StunChecks(IceCheckOutcome.Unauthorized).Should().BeGreaterThan(0);
        bed.Server.SelectedTuple!.Value.Port.Should().Be((ushort)bed.Client.LocalEndPoint!.Port);
    }

    [Fact]
    public async Task A_silent_client_disconnects_the_server_transport_after_the_consent_timeout_and_checks_bring_it_back()
    {
        var clock = new ManualTimeProvider();
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions
        {
            ServerTime = clock,
            ConsentTimeout = TimeSpan.FromSeconds(10),
            ClientConsentIntervalMs = 0,
        });
        await bed.ConnectAsync();

        clock.Advance(TimeSpan.FromSeconds(9));
        await bed.ServerLoop.InvokeAsync(() => { }); // wakes the loop so that it looks at its timers
        bed.Server.State.Should().Be(WebRtcTransportState.Connected, "consent still holds before the timeout");

        clock.Advance(TimeSpan.FromSeconds(2));
        await bed.ServerLoop.InvokeAsync(() => { });
        await bed.ServerEvents.WaitForStateAsync(WebRtcTransportState.Disconnected);

        bool sent = await bed.ServerLoop.InvokeAsync(() =>
        {
            var buffer = new byte[MediaPackets.BufferLength];
            return bed.Server.TrySendRtp(buffer, MediaPackets.WriteRtp(buffer, 5, 1));
        });
        sent.Should().BeFalse("a transport without consent sends nothing");
        bed.Server.Counters.SendsWithoutPath.Should().Be(1);

        // The peer's checks come back (same credentials): the transport resumes with the same keys.
        byte[] check = RawPeer.BindingRequest($"{bed.Server.IceParameters.UsernameFragment}:{bed.Client.LocalCredentials.UsernameFragment}", bed.Server.IceParameters.Password);
        await bed.ClientLoop.InvokeAsync(() => bed.Client.TrySendRaw(check));
        await bed.ServerEvents.WaitForStateAsync(s => s == WebRtcTransportState.Connected && bed.ServerEvents.States.Count > 3);

        bed.ServerEvents.States.Should().ContainInOrder(WebRtcTransportState.Connected, WebRtcTransportState.Disconnected, WebRtcTransportState.Connected);
        await WebRtcTestBed.PumpRtpAsync(bed.ServerLoop, bed.Server, bed.ClientEvents, 10, ssrc: 11);
    }

    [Fact]
    public async Task Transport_members_refuse_callers_off_the_worker_thread()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();

        Action send = () => bed.Server.TrySendRtp(new byte[100], 12);
        Action connect = () => bed.Server.Connect(new WebRtcDtlsParameters([TestCertificates.Second.GetFingerprint("sha-256")], "client"));
        Action close = () => bed.Server.Close();

        send.Should().Throw<InvalidOperationException>();
        connect.Should().Throw<InvalidOperationException>();
        close.Should().Throw<InvalidOperationException>();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
