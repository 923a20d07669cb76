using Sfu.Transport.Net;
using Sfu.Transport.Tests.Stun;

namespace Sfu.Transport.Tests.Net.Demux;

public class MediaDemultiplexerTests
{
    private const string Folder = "Net/Demux/Corpus";

    private static readonly TransportTuple Known = new(NetAddress.FromIPv4(0x7F00_0001), 50000, TransportProtocol.Udp);
    private static readonly TransportTuple Stranger = new(NetAddress.FromIPv4(0x7F00_0001), 50001, TransportProtocol.Udp);

    private readonly MediaDemultiplexer demux = new();
    private readonly RecordingTarget target = new();

    [Fact]
    public void Stun_check_reaches_the_transport_of_its_local_ufrag_from_any_tuple()
    {
        demux.TryRegisterUfrag("demuxufrag", target).Should().BeTrue();

        demux.OnPacket(Sample("stun-binding-request"), null!, Stranger);

        target.Stun.Should().Be(1);
        demux.Counters.StunPackets.Should().Be(1);
        demux.Counters.TotalDropped.Should().Be(0);
    }

    [Fact]
    public void Stun_check_for_an_unknown_ufrag_is_dropped_and_counted()
    {
        demux.TryRegisterUfrag("otherufrag", target);

        demux.OnPacket(Sample("stun-binding-request"), null!, Known);

        target.Total.Should().Be(0);
        demux.Counters.Dropped(DemuxDropReason.StunForUnknownUfrag).Should().Be(1);
    }

    [Fact]
    public void Stun_without_username_is_routed_by_tuple_only()
    {
        demux.BindTuple(Known, target);

        demux.OnPacket(Sample("stun-binding-success"), null!, Known);
        demux.OnPacket(Sample("stun-binding-success"), null!, Stranger);

        target.Stun.Should().Be(1);
        demux.Counters.Dropped(DemuxDropReason.StunFromUnknownTuple).Should().Be(1);
    }

    [Fact]
    public void A_prefetch_hint_for_a_bound_or_unknown_tuple_delivers_and_counts_nothing()
    {
        demux.BindTuple(Known, target);

        demux.Prefetch(Known);
        demux.Prefetch(Stranger);

        target.Total.Should().Be(0);
        demux.Counters.TotalDropped.Should().Be(0);
        demux.BoundTuples.Should().Be(1);
    }

    [Theory]
    [InlineData("dtls-client-hello", DemuxDropReason.DtlsFromUnvalidatedTuple)]
    [InlineData("rtp-opus", DemuxDropReason.RtpFromUnvalidatedTuple)]
    [InlineData("rtcp-receiver-report", DemuxDropReason.RtcpFromUnvalidatedTuple)]
    public void Non_stun_packets_from_an_unbound_tuple_are_dropped_and_counted_by_kind(string sample, DemuxDropReason reason)
    {
        demux.TryRegisterUfrag("demuxufrag", target);
        demux.BindTuple(Known, target);

        demux.OnPacket(Sample(sample), null!, Stranger);
        demux.OnPacket(Sample(sample), null!, Known);

        target.Total.Should().Be(1, "only the bound tuple gets through");
        target.Misrouted.Should().Be(0);
        demux.Counters.Dropped(reason).Should().Be(1);
        demux.Counters.TotalDropped.Should().Be(1);
    }

    [Fact]
    public void A_tuple_is_unbound_only_by_its_owner_and_a_ufrag_registers_once()
    {
        var other = new RecordingTarget();
        demux.TryRegisterUfrag("demuxufrag", target).Should().BeTrue();
        demux.TryRegisterUfrag("demuxufrag", other).Should().BeFalse();
        demux.BindTuple(Known, target);

        demux.UnbindTuple(Known, other).Should().BeFalse();
        demux.UnregisterUfrag("demuxufrag", other).Should().BeFalse();
        demux.TryGetTarget(Known, out IDemuxTarget? found).Should().BeTrue();
        found.Should().BeSameAs(target);

        demux.UnbindTuple(Known, target).Should().BeTrue();
        demux.UnregisterUfrag("demuxufrag", target).Should().BeTrue();
        demux.BoundTuples.Should().Be(0);
        demux.RegisteredUfrags.Should().Be(0);
    }

    [Fact]
    public void A_closed_tcp_path_is_reported_to_its_transport_and_forgotten()
    {
        var tcp = new TransportTuple(Known.Address, 40000, TransportProtocol.Tcp);
        demux.BindTuple(tcp, target);

        demux.OnChannelClosed(null!, tcp);

        target.PathsClosed.Should().Be(1);
        demux.TryGetTarget(tcp, out _).Should().BeFalse();
    }

    [Fact]
    public void Routing_rtp_to_a_bound_transport_allocates_nothing()
    {
        demux.BindTuple(Known, target);
        byte[] packet = Sample("rtp-opus");
        demux.OnPacket(packet, null!, Known); // warm-up: first-call JIT and static set-up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            demux.OnPacket(packet, null!, Known);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        target.Rtp.Should().Be(10_001);
    }

    [Fact]
    public void Routing_a_stun_check_by_ufrag_allocates_nothing()
    {
        demux.TryRegisterUfrag("demuxufrag", target);
        byte[] packet = Sample("stun-binding-request");
        demux.OnPacket(packet, null!, Known);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            demux.OnPacket(packet, null!, Known);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        target.Stun.Should().Be(1_001);
    }

    private static byte[] Sample(string name) => Corpus.Sample(Folder, name);
}
