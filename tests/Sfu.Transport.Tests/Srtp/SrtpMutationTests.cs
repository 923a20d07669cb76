using System.Buffers.Binary;
using Sfu.Transport.Srtp;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// Seeded mutations of the corpus (bit flips, truncation, extension, overwritten and random bytes, header
/// bits) fed to unprotect: nothing may throw, and whatever is accepted must be exactly what protecting its
/// plaintext gives. Then garbage fed to protect: nothing may throw, and whatever is protected comes back.
/// </summary>
public sealed class SrtpMutationTests
{
    private const int BufferSize = 2048;

    [Fact]
    public void Unprotect_survives_100000_mutations_and_what_it_accepts_round_trips()
    {
        var outcomes = new Dictionary<SrtpResult, int>();

        int mutations = RunUnprotectMutations(perSample: 100_000 / SrtpCorpus.Samples.Count + 1, seed: 3711, SrtpCryptoBackend.Auto, outcomes);

        mutations.Should().BeGreaterThanOrEqualTo(100_000);
        // The mutations reach every stage: parsing, the replay check and the cryptography.
        outcomes[SrtpResult.Ok].Should().BeGreaterThanOrEqualTo(SrtpCorpus.Samples.Count);
        outcomes[SrtpResult.Malformed].Should().BeGreaterThan(mutations / 10);
        outcomes[SrtpResult.AuthenticationFailed].Should().BeGreaterThan(mutations / 10);
        outcomes[SrtpResult.Replayed].Should().BeGreaterThan(0);
    }

    [Fact]
    public void Unprotect_on_the_portable_backend_survives_mutations_too()
    {
        int mutations = RunUnprotectMutations(perSample: 1_000, seed: 7714, SrtpCryptoBackend.Portable, new Dictionary<SrtpResult, int>());

        mutations.Should().BeGreaterThanOrEqualTo(1_000 * SrtpCorpus.Samples.Count);
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_survives_garbage_and_what_it_protects_unprotects_back(SrtpProfile profile)
    {
        const int Iterations = 5_000;
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, receiverMaxSsrcs: 2 * Iterations, senderMaxSsrcs: 2 * Iterations);
        using (sender)
        using (receiver)
        {
            var random = new Random(6188 + (int)profile);
            byte[] buffer = new byte[BufferSize];
            for (int i = 0; i < Iterations; i++)
            {
                int length = random.Next(0, 300);
                random.NextBytes(buffer.AsSpan(0, length));
                if (random.Next(4) != 0 && length > 0)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // mostly version 2, to get past the first check
                }

                bool rtcp = (i & 1) == 1;
                int ssrcOffset = rtcp ? 4 : 8;
                if (length >= ssrcOffset + 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(ssrcOffset), (uint)i); // a fresh stream each time
                }

                byte[] plain = buffer[..length];
                bool protectedOk = rtcp
                    ? sender.TryProtectRtcp(buffer, length, out int protectedLength)
                    : sender.TryProtectRtp(buffer, length, out protectedLength);
                if (!protectedOk)
                {
                    Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(plain), "a refused packet is left untouched");
                    continue;
                }

                SrtpResult result = rtcp
                    ? receiver.TryUnprotectRtcp(buffer, protectedLength, out int plainLength)
                    : receiver.TryUnprotectRtp(buffer, protectedLength, out plainLength);
                result.Should().Be(SrtpResult.Ok, "iteration {0}", i);
                Hex.Format(buffer.AsSpan(0, plainLength)).Should().Be(Hex.Format(plain));
            }
        }
    }

    private static int RunUnprotectMutations(int perSample, int seed, SrtpCryptoBackend backend, Dictionary<SrtpResult, int> outcomes)
    {
        var random = new Random(seed);
        byte[] buffer = new byte[BufferSize];
        int mutations = 0;
        foreach (SrtpSample sample in SrtpCorpus.Samples)
        {
            using SrtpContext receiver = sample.CreateContext(outbound: false, backend);
            for (int i = 0; i < perSample; i++, mutations++)
            {
                int length = i == 0 ? Copy(sample.Protected, buffer) : Mutate(random, sample.Protected, buffer);
                byte[] input = buffer[..length];

                SrtpResult rtpResult = receiver.TryUnprotectRtp(buffer, length, out int plainLength);
                CheckAccepted(sample, rtcp: false, rtpResult, input, buffer, plainLength);

                input.CopyTo(buffer, 0);
                SrtpResult rtcpResult = receiver.TryUnprotectRtcp(buffer, length, out plainLength);
                CheckAccepted(sample, rtcp: true, rtcpResult, input, buffer, plainLength);

                Enum.IsDefined(rtpResult).Should().BeTrue();
                Enum.IsDefined(rtcpResult).Should().BeTrue();
                outcomes[rtpResult] = outcomes.GetValueOrDefault(rtpResult) + 1;
                outcomes[rtcpResult] = outcomes.GetValueOrDefault(rtcpResult) + 1;
            }
        }

        return mutations;
    }

    private static void CheckAccepted(SrtpSample sample, bool rtcp, SrtpResult result, byte[] input, byte[] buffer, int plainLength)
    {
        if (result != SrtpResult.Ok)
        {
            plainLength.Should().Be(0);
            return;
        }

        rtcp.Should().Be(sample.IsRtcp, "a packet only authenticates as its own kind");
        plainLength.Should().BeLessThan(input.Length);
        byte[] plain = buffer[..plainLength];
        if (sample.IsEncrypted)
        {
            Hex.Format(sample.Reprotect(plain, input)).Should().Be(Hex.Format(input));
        }
        else
        {
            Hex.Format(plain).Should().Be(Hex.Format(input.AsSpan(0, plainLength)), "tagged-only SRTCP carries its plaintext");
        }
    }

    private static int Copy(byte[] packet, byte[] buffer)
    {
        packet.CopyTo(buffer, 0);
        return packet.Length;
    }

    private static int Mutate(Random random, byte[] original, byte[] buffer)
    {
        int length = Copy(original, buffer);
        switch (random.Next(7))
        {
            case 0: // bit flips
                for (int flips = random.Next(1, 5); flips > 0; flips--)
                {
                    int bit = random.Next(length * 8);
                    buffer[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                break;
            case 1: // truncation
                length = random.Next(0, length);
                break;
            case 2: // extension with random bytes
                int extra = random.Next(1, 64);
                random.NextBytes(buffer.AsSpan(length, extra));
                length += extra;
                break;
            case 3: // overwritten bytes
                for (int writes = random.Next(1, 9); writes > 0; writes--)
                {
                    buffer[random.Next(length)] = (byte)random.Next(256);
                }

                break;
            case 4: // random datagram, often with the RTP version bits right
                length = random.Next(0, 400);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0 && random.Next(2) == 0)
                {
                    buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                }

                break;
            case 5: // header bits: CSRC count, extension and padding flags, extension length
                buffer[0] = (byte)(0x80 | random.Next(0x40));
                if (length > 15)
                {
                    buffer[14] = (byte)random.Next(256);
                    buffer[15] = (byte)random.Next(256);
                }

                break;
            default: // a flip and a truncation together
                buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                length = random.Next(0, length + 1);
                break;
        }

        return length;
    }
}
