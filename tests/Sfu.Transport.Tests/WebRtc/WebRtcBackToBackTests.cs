using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.Srtp;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>
/// A client-mode transport and a server-mode transport, each on its own worker loop, over 127.0.0.1: ICE, DTLS in
/// both roles with every SRTP profile, then media both ways, every packet authenticated, counted and checked.
/// </summary>
public class WebRtcBackToBackTests
{
    private const int RtpCount = 1000;
    private const int RtcpCount = 50;
    private const uint ClientSsrc = 0x1111_2222;
    private const uint ServerSsrc = 0x3333_4444;

    public static TheoryData<DtlsRole, SrtpProfile> RolesAndProfiles()
    {
        var data = new TheoryData<DtlsRole, SrtpProfile>();
        foreach (DtlsRole clientRole in new[] { DtlsRole.Client, DtlsRole.Server })
        {
            foreach (SrtpProfile profile in DtlsOptions.DefaultSrtpProfiles)
            {
                data.Add(clientRole, profile);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndProfiles))]
    public async Task Udp_transports_connect_in_either_DTLS_role_and_carry_1000_SRTP_packets_each_way(DtlsRole clientRole, SrtpProfile profile)
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions
        {
            ClientDtlsRole = clientRole,
            Dtls = new DtlsOptions { SrtpProfiles = [profile] },
        });

        await bed.ConnectAsync();
        await ExchangeMediaAsync(bed);

        bed.Server.SrtpProfile.Should().Be(profile);
        bed.Client.SrtpProfile.Should().Be(profile);
        bed.Server.DtlsRole.Should().Be(clientRole == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client);
        bed.Server.SelectedTuple!.Value.Protocol.Should().Be(TransportProtocol.Udp);
        bed.Server.SelectedTuple!.Value.Port.Should().Be((ushort)bed.Client.LocalEndPoint!.Port);
        bed.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task Tcp_transports_connect_through_the_passive_candidate_and_carry_media_each_way(DtlsRole clientRole)
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions
        {
            Protocol = TransportProtocol.Tcp,
            ClientDtlsRole = clientRole,
        });

        await bed.ConnectAsync();
        await ExchangeMediaAsync(bed);

        bed.Server.SelectedTuple!.Value.Protocol.Should().Be(TransportProtocol.Tcp);
        bed.ServerLoop.TcpConnectionsAccepted.Should().Be(1);
        bed.Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(DtlsRole.Client, 1)]
    [InlineData(DtlsRole.Server, 2)]
    [InlineData(DtlsRole.Client, 3)]
    public async Task Transports_still_connect_when_a_fifth_of_the_handshake_packets_are_lost(DtlsRole clientRole, int seed)
    {
        var serverLoss = new HandshakeLossFilter(seed, 0.2);
        var clientLoss = new HandshakeLossFilter(seed + 1000, 0.2);
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions
        {
            ClientDtlsRole = clientRole,
            ServerSendFilter = serverLoss,
            ClientSendFilter = clientLoss,
        });

        await bed.ConnectAsync();
        await WebRtcTestBed.PumpRtpAsync(bed.ClientLoop, bed.Client, bed.ServerEvents, 100, ClientSsrc);

        (serverLoss.Dropped + clientLoss.Dropped).Should().BeGreaterThan(0, "the filter must have lost something for the test to mean anything");
        bed.ServerEvents.CorruptPackets.Should().Be(0);
        bed.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task Server_told_auto_takes_the_DTLS_client_role()
    {
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions { ClientDtlsRole = DtlsRole.Server });
        await bed.ServerLoop.InvokeAsync(() => bed.Server.Connect(new WebRtcDtlsParameters(
            [TestCertificatesFingerprint()], WebRtcDtlsParameters.AutoRole)));
        var candidate = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, bed.ServerLoop.WorkerSocket!.Port);
        await bed.ClientLoop.InvokeAsync(() => bed.Client.Connect(bed.Server.IceParameters, candidate, bed.Server.DtlsParameters.Fingerprints[^1]));

        await bed.ServerEvents.WaitForStateAsync(WebRtcTransportState.Connected);

        bed.Server.DtlsRole.Should().Be(DtlsRole.Client);
    }

    private static DtlsFingerprint TestCertificatesFingerprint() => Dtls.TestCertificates.Second.GetFingerprint("sha-256");

    private static async Task ExchangeMediaAsync(WebRtcTestBed bed)
    {
        await WebRtcTestBed.PumpRtpAsync(bed.ClientLoop, bed.Client, bed.ServerEvents, RtpCount, ClientSsrc);
        await WebRtcTestBed.PumpRtpAsync(bed.ServerLoop, bed.Server, bed.ClientEvents, RtpCount, ServerSsrc);
        await WebRtcTestBed.PumpRtcpAsync(bed.ClientLoop, bed.Client, bed.ServerEvents, RtcpCount, ClientSsrc);
        await WebRtcTestBed.PumpRtcpAsync(bed.ServerLoop, bed.Server, bed.ClientEvents, RtcpCount, ServerSsrc);

        foreach ((RecordingHandler events, WebRtcTransport receiver) in new[] { (bed.ServerEvents, (WebRtcTransport)bed.Server), (bed.ClientEvents, bed.Client) })
        {
            events.RtpPackets.Should().Be(RtpCount);
            events.DistinctRtpSequenceNumbers.Should().Be(RtpCount);
            events.CorruptPackets.Should().Be(0);
            events.RtcpPackets.Should().Be(RtcpCount);
            events.WrongThreadCalls.Should().Be(0);
            receiver.Counters.RtpPacketsReceived.Should().Be(RtpCount);
            receiver.Counters.RtcpPacketsReceived.Should().Be(RtcpCount);
            receiver.Counters.RtpRejected(SrtpResult.AuthenticationFailed).Should().Be(0);
        }

        bed.Client.Counters.RtpPacketsSent.Should().Be(RtpCount);
        bed.Server.Counters.RtpPacketsSent.Should().Be(RtpCount);
        bed.ServerEvents.States.Should().ContainInOrder(WebRtcTransportState.Connecting, WebRtcTransportState.Connected);
    }
}
