using Sfu.Transport.Dtls;
using DtlsTransport = Sfu.Transport.Dtls.DtlsTransport;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// The record parser, the datagram check and the ClientHello version fix face whatever arrives on the UDP port:
/// replay the committed corpus, then a seeded mutation loop over it (bit flips, truncation, extension, random
/// bytes) that must never throw and must round-trip whatever it accepts.
/// </summary>
public class DtlsDatagramMutationTests
{
    private const int MutationsPerSample = 15_000;
    private const int Seed = 6347;

    [Fact]
    public void Corpus_samples_are_read_as_their_comments_describe()
    {
        IReadOnlyDictionary<string, byte[]> corpus = DtlsCorpus.Load();

        corpus.Keys.Should().Contain(["client_hello", "client_hello_retransmitted", "client_certificate_flight",
            "server_hello_flight", "server_final_flight", "close_notify", "handmade_four_records", "not_dtls_stun_binding_request"]);
        RecordCount(corpus["client_hello"]).Should().Be(1);
        RecordCount(corpus["client_certificate_flight"]).Should().Be(5);
        RecordCount(corpus["server_hello_flight"]).Should().Be(5);
        RecordCount(corpus["server_final_flight"]).Should().Be(2);
        RecordCount(corpus["handmade_four_records"]).Should().Be(4);
        DtlsDatagram.IsWellFormed(corpus["not_dtls_stun_binding_request"]).Should().BeFalse();

        RewrittenCount(corpus["client_hello"]).Should().Be(1);
        RewrittenCount(corpus["client_hello_retransmitted"]).Should().Be(1);
        RewrittenCount(corpus["handmade_four_records"]).Should().Be(1);
        RewrittenCount(corpus["server_hello_flight"]).Should().Be(0);
        RewrittenCount(corpus["client_certificate_flight"]).Should().Be(0);
    }

    [Fact]
    public void Mutated_datagrams_never_throw_and_whatever_is_accepted_round_trips()
    {
        IReadOnlyDictionary<string, byte[]> corpus = DtlsCorpus.Load();
        var random = new Random(Seed);
        var transport = new DtlsTransport(DtlsRole.Server, static _ => { }, queueCapacity: 1);
        byte[] received = new byte[DtlsTransport.ReceiveLimit];
        int total = 0;
        int accepted = 0;
        int rewritten = 0;

        foreach (byte[] sample in corpus.Values)
        {
            for (int i = 0; i < MutationsPerSample; i++)
            {
                byte[] mutant = Mutate(sample, random);
                total++;

                bool wellFormed = DtlsDatagram.IsWellFormed(mutant);
                if (wellFormed)
                {
                    accepted++;
                    // Plain asserts in this loop: FluentAssertions' per-call cost would dominate 120,000 rounds.
                    Assert.True(Reserialize(mutant).AsSpan().SequenceEqual(mutant), "records write back to the bytes they were read from");
                }

                byte[] fixedUp = (byte[])mutant.Clone();
                int changed = DtlsDatagram.RewriteClientHelloVersion(fixedUp);
                rewritten += changed;
                Assert.Equal(changed, CountDifferences(mutant, fixedUp));
                Assert.Equal(0, DtlsDatagram.RewriteClientHelloVersion(fixedUp));
                Assert.Equal(wellFormed, DtlsDatagram.IsWellFormed(fixedUp));

                bool queued = transport.OnDatagram(mutant);
                Assert.Equal(wellFormed && mutant.Length <= DtlsTransport.ReceiveLimit, queued);
                if (queued)
                {
                    int length = transport.Receive(received, 0, received.Length, 1);
                    Assert.True(received.AsSpan(0, length).SequenceEqual(fixedUp), "the server-role bridge delivers the fixed-up copy");
                }
            }
        }

        total.Should().BeGreaterThanOrEqualTo(100_000);
        accepted.Should().BeGreaterThan(total / 20, "mutations keep enough valid datagrams to test the accepting path");
        (total - accepted).Should().BeGreaterThan(total / 20);
        rewritten.Should().BeGreaterThan(0);
    }

    private static byte[] Mutate(byte[] sample, Random random)
    {
        byte[] mutant = (byte[])sample.Clone();
        switch (random.Next(6))
        {
            case 0:
                // Flip one to four bits.
                for (int flips = random.Next(1, 5); flips > 0 && mutant.Length > 0; flips--)
                {
                    mutant[random.Next(mutant.Length)] ^= (byte)(1 << random.Next(8));
                }

                return mutant;
            case 1:
                // Truncate anywhere, down to nothing.
                return mutant.AsSpan(0, random.Next(mutant.Length + 1)).ToArray();
            case 2:
                // Extend with random bytes.
                byte[] tail = new byte[random.Next(1, 64)];
                random.NextBytes(tail);
                return [.. mutant, .. tail];
            case 3:
                // Overwrite a header field with random bytes (type, version, epoch or length).
                if (mutant.Length >= DtlsRecord.HeaderLength)
                {
                    int[] fieldStarts = [0, 1, 3, 11];
                    int at = fieldStarts[random.Next(fieldStarts.Length)];
                    mutant[at] = (byte)random.Next(256);
                    if (at != 0)
                    {
                        mutant[at + 1] = (byte)random.Next(256);
                    }
                }

                return mutant;
            case 4:
                // Duplicate the datagram's first record behind it (two records in one datagram).
                int firstLength = DtlsRecord.TryRead(mutant, out DtlsRecord first) ? first.TotalLength : mutant.Length;
                return [.. mutant, .. mutant.AsSpan(0, firstLength).ToArray()];
            default:
                // Random bytes of a plausible size.
                byte[] noise = new byte[random.Next(0, 1600)];
                random.NextBytes(noise);
                return noise;
        }
    }

    private static byte[] Reserialize(ReadOnlySpan<byte> datagram)
    {
        byte[] output = new byte[datagram.Length];
        int offset = 0;
        while (offset < datagram.Length && DtlsRecord.TryRead(datagram.Slice(offset), out DtlsRecord record))
        {
            Assert.True(record.TryWrite(output.AsSpan(offset), out int written));
            offset += written;
        }

        return output.AsSpan(0, offset).ToArray();
    }

    private static int RecordCount(ReadOnlySpan<byte> datagram)
    {
        int count = 0;
        while (!datagram.IsEmpty && DtlsRecord.TryRead(datagram, out DtlsRecord record))
        {
            count++;
            datagram = datagram.Slice(record.TotalLength);
        }

        return count;
    }

    private static int RewrittenCount(byte[] datagram) => DtlsDatagram.RewriteClientHelloVersion((byte[])datagram.Clone());

    private static int CountDifferences(byte[] left, byte[] right)
    {
        int differences = 0;
        for (int i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i])
            {
                differences++;
            }
        }

        return differences;
    }
}
