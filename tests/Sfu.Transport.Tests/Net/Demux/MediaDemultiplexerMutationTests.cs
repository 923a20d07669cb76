using Sfu.Transport.Net;
using Sfu.Transport.Tests.Stun;

namespace Sfu.Transport.Tests.Net.Demux;

/// <summary>
/// The committed corpus, then 100,000 seeded mutations of it, pushed through the demultiplexer from bound and
/// unbound tuples: nothing throws, every packet is either delivered once or counted as dropped once, and what is
/// delivered went to the method of its kind.
/// </summary>
public class MediaDemultiplexerMutationTests
{
    private const int MutationCount = 100_000;

    private static readonly TransportTuple[] Tuples =
    [
        new(NetAddress.FromIPv4(0x7F00_0001), 50000, TransportProtocol.Udp),
        new(NetAddress.FromIPv4(0x7F00_0001), 50001, TransportProtocol.Udp),
        new(NetAddress.FromIPv4(0x7F00_0001), 50000, TransportProtocol.Tcp),
    ];

    private readonly IReadOnlyList<(string Name, byte[] Bytes)> corpus = Corpus.Load("Net/Demux/Corpus");

    [Fact]
    public void Every_corpus_sample_is_delivered_to_a_bound_registered_transport()
    {
        corpus.Should().HaveCountGreaterThanOrEqualTo(5);
        var demux = new MediaDemultiplexer();
        var target = new RecordingTarget();
        demux.TryRegisterUfrag("demuxufrag", target);
        demux.BindTuple(Tuples[0], target);

        foreach ((string _, byte[] bytes) in corpus)
        {
            demux.OnPacket(bytes.ToArray(), null!, Tuples[0]);
        }

        target.Total.Should().Be(corpus.Count);
        target.Misrouted.Should().Be(0);
        demux.Counters.TotalDropped.Should().Be(0);
    }

    [Fact]
    public void Mutated_packets_never_throw_and_are_delivered_or_counted_exactly_once()
    {
        var demux = new MediaDemultiplexer();
        var target = new RecordingTarget();
        demux.TryRegisterUfrag("demuxufrag", target);
        demux.BindTuple(Tuples[0], target);
        demux.BindTuple(Tuples[2], target);
        var mutator = new Mutator(seed: 7983);

        for (int i = 0; i < MutationCount; i++)
        {
            byte[] packet = mutator.Mutate(corpus[i % corpus.Count].Bytes);
            demux.OnPacket(packet, null!, Tuples[mutator.Random.Next(Tuples.Length)]);
        }

        (target.Total + demux.Counters.TotalDropped).Should().Be(MutationCount);
        target.Misrouted.Should().Be(0);
        target.Total.Should().BeGreaterThan(0);
        demux.Counters.TotalDropped.Should().BeGreaterThan(0);
    }
}
