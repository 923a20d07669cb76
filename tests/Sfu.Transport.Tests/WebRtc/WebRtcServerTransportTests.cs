using System.Net;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;
using Sfu.Transport.Tests.Dtls;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.WebRtc;

public class WebRtcServerTransportTests
{
    [Fact]
    public async Task Transport_parameters_have_the_shape_mediasoup_client_expects()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        WebRtcServerTransport server = bed.Server;
        ushort port = bed.ServerLoop.WorkerSocket!.Port;

        Guid.TryParse(server.Id, out _).Should().BeTrue();
        server.IceParameters.UsernameFragment.Should().MatchRegex("^[0-9a-z]{32}$");
        server.IceParameters.Password.Should().MatchRegex("^[0-9a-z]{32}$");
        server.IceParameters.IceLite.Should().BeTrue();
        server.IceCandidates.Should().HaveCount(2);
        server.IceCandidates[0].Should().Be(new IceCandidate("udpcandidate", 1076302079, "127.0.0.1", port, TransportProtocol.Udp, "host", null));
        server.IceCandidates[1].Should().Be(new IceCandidate("tcpcandidate", 1076276479, "127.0.0.1", port, TransportProtocol.Tcp, "host", "passive"));
        server.DtlsParameters.Role.Should().Be("auto");
        server.DtlsParameters.Fingerprints.Should().Equal(TestCertificates.First.GetFingerprint("sha-256"));
        server.State.Should().Be(WebRtcTransportState.New);
    }

    [Fact]
    public async Task Candidates_announce_the_public_address_not_the_bind_address()
    {
        using var loop = new MediaWorkerLoop(workerSettings: WebRtcTestBed.LoopbackWorker with { AnnouncedAddress = "198.51.100.7" });

        IReadOnlyList<IceCandidate> candidates = await loop.InvokeAsync(() =>
            new WebRtcServerTransport(loop, new WebRtcTransportOptions(TestCertificates.First)).IceCandidates);

        candidates.Select(c => c.Ip).Should().Equal("198.51.100.7", "198.51.100.7");
    }

    [Fact]
    public async Task Checks_are_answered_with_the_mapped_address_and_a_controlled_peer_gets_487()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        using var peer = new RawPeer(bed.ServerUdpEndPoint);
        string username = $"{bed.Server.IceParameters.UsernameFragment}:peer";
        byte[] key = System.Text.Encoding.UTF8.GetBytes(bed.Server.IceParameters.Password);

        peer.Send(RawPeer.BindingRequest(username, bed.Server.IceParameters.Password));
        byte[] success = peer.Receive();
        StunMessage.TryParse(success, out StunMessage answer).Should().BeTrue();
        answer.Class.Should().Be(StunClass.SuccessResponse);
        answer.VerifyMessageIntegrity(key).Should().BeTrue();
        answer.TryGetXorMappedAddress(out NetAddress address, out ushort port).Should().BeTrue();
        new IPEndPoint(address.ToIPAddress(), port).Should().Be(peer.LocalEndPoint);

        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, new byte[12]);
        writer.AppendUsername(System.Text.Encoding.UTF8.GetBytes(username));
        writer.AppendPriority(1);
        writer.AppendIceControlled(7);
        writer.AppendMessageIntegrity(key);
        writer.AppendFingerprint();
        writer.TryComplete(out int length).Should().BeTrue();
        peer.Send(buffer.AsSpan(0, length));
        StunMessage.TryParse(peer.Receive(), out StunMessage conflict).Should().BeTrue();
        conflict.ErrorCode.Should().Be(StunErrorCodes.RoleConflict);
        bed.Server.Counters.StunChecks(IceCheckOutcome.RoleConflict).Should().Be(1);
    }

    [Theory]
    [InlineData("client", DtlsRole.Server)]
    [InlineData("server", DtlsRole.Client)]
    [InlineData("auto", DtlsRole.Client)]
    public void Our_DTLS_role_is_the_opposite_of_the_peer_and_auto_makes_us_client(string remoteRole, DtlsRole expected)
    {
        WebRtcDtlsParameters.TryGetLocalRole(remoteRole, out DtlsRole role).Should().BeTrue();
        role.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Client")]
    [InlineData(null)]
    public void An_unknown_DTLS_role_is_refused(string? remoteRole)
    {
        WebRtcDtlsParameters.TryGetLocalRole(remoteRole, out _).Should().BeFalse();
    }

    [Fact]
    public async Task Connect_is_accepted_once_only()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        var parameters = new WebRtcDtlsParameters([TestCertificates.Second.GetFingerprint("sha-256")], "client");

        await bed.ServerLoop.InvokeAsync(() => bed.Server.Connect(parameters));
        Func<Task> again = () => bed.ServerLoop.InvokeAsync(() => bed.Server.Connect(parameters));

        await again.Should().ThrowAsync<InvalidOperationException>();
        bed.Server.State.Should().Be(WebRtcTransportState.Connecting);
        bed.Server.DtlsRole.Should().Be(DtlsRole.Server);
    }

    [Fact]
    public async Task A_closed_transport_releases_its_ufrag_and_tuples()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();
        MediaDemultiplexer demux = bed.ServerLoop.Demultiplexer;
        using var peer = new RawPeer(bed.ServerUdpEndPoint);
        byte[] check = RawPeer.BindingRequest($"{bed.Server.IceParameters.UsernameFragment}:x", bed.Server.IceParameters.Password);

        await bed.ServerLoop.InvokeAsync(() => bed.Server.Close());
        peer.Send(check);
        await Net.Support.EventuallyAsync(() => demux.Counters.Dropped(DemuxDropReason.StunForUnknownUfrag) == 1);

        bed.Server.State.Should().Be(WebRtcTransportState.Closed);
        bed.ServerEvents.States[^1].Should().Be(WebRtcTransportState.Closed);
        demux.RegisteredUfrags.Should().Be(0);
        demux.BoundTuples.Should().Be(0);
    }

    [Fact]
    public async Task Peer_close_notify_closes_the_transport()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();

        await bed.ClientLoop.InvokeAsync(() => bed.Client.Close());

        await bed.ServerEvents.WaitForStateAsync(WebRtcTransportState.Closed);
        await bed.ServerLoop.InvokeAsync(() => bed.ServerLoop.Demultiplexer.RegisteredUfrags.Should().Be(0));
    }

    [Fact]
    public async Task Closing_the_server_transport_sends_close_notify_to_the_client()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();

        await bed.ServerLoop.InvokeAsync(() => bed.Server.Close());

        await bed.ClientEvents.WaitForStateAsync(WebRtcTransportState.Closed);
        bed.Server.SelectedTuple.Should().BeNull();
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_stop_the_worker()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();
        var throwing = new ThrowingHandler(bed.ServerEvents);
        await bed.ServerLoop.InvokeAsync(() => bed.Server.Handler = throwing);

        await WebRtcTestBed.PumpRtpAsync(bed.ClientLoop, bed.Client, bed.ServerEvents, 50, ssrc: 3);

        bed.Errors.Should().HaveCount(50).And.OnlyContain(e => e is InvalidOperationException);
        bed.Server.State.Should().Be(WebRtcTransportState.Connected);
    }

    [Fact]
    public async Task Receiving_srtp_through_the_worker_allocates_nothing_per_packet()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync();
        await bed.ConnectAsync();
        var counting = new CountingHandler();
        await bed.ServerLoop.InvokeAsync(() => bed.Server.Handler = counting);
        await PumpAsync(bed, counting, 0, 100); // warm-up: JIT, SRTP stream state, socket buffers

        long before = await bed.ServerLoop.InvokeAsync(GC.GetAllocatedBytesForCurrentThread);
        await PumpAsync(bed, counting, 100, 1000);
        long after = await bed.ServerLoop.InvokeAsync(GC.GetAllocatedBytesForCurrentThread);

        // Waking up for the test's own posts may allocate a little; a per-packet allocation would cost ≥ 24 kB here.
        (after - before).Should().BeLessThan(1000);
        counting.Rtp.Should().Be(1100);
    }

    private static async Task PumpAsync(WebRtcTestBed bed, CountingHandler counting, int first, int count)
    {
        for (int start = first; start < first + count; start += 50)
        {
            int from = start;
            await bed.ClientLoop.InvokeAsync(() =>
            {
                var buffer = new byte[MediaPackets.BufferLength];
                for (int i = from; i < from + 50; i++)
                {
                    bed.Client.TrySendRtp(buffer, MediaPackets.WriteRtp(buffer, 4, (ushort)(i + 1)));
                }
            });
            await Net.Support.EventuallyAsync(() => counting.Rtp >= from + 50);
        }
    }

    private sealed class CountingHandler : IWebRtcTransportHandler
    {
        private int rtp;

        public int Rtp => Volatile.Read(ref rtp);

        public void OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current)
        {
        }

        public void OnRtp(WebRtcTransport transport, Span<byte> packet) => Interlocked.Increment(ref rtp);

        public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
        {
        }
    }

    private sealed class ThrowingHandler(RecordingHandler inner) : IWebRtcTransportHandler
    {
        public void OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current) =>
            inner.OnStateChanged(transport, previous, current);

        public void OnRtp(WebRtcTransport transport, Span<byte> packet)
        {
            inner.OnRtp(transport, packet);
            throw new InvalidOperationException("handler bug");
        }

        public void OnRtcp(WebRtcTransport transport, Span<byte> packet) => inner.OnRtcp(transport, packet);
    }
}
