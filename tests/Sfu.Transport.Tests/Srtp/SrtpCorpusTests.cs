using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>Replays the committed corpus (Srtp/TestData): real reference packets and hand-made shapes.</summary>
public sealed class SrtpCorpusTests
{
    [Fact]
    public void Corpus_covers_every_profile_for_rtp_and_rtcp()
    {
        foreach (SrtpProfile profile in SrtpTestPackets.AllProfiles)
        {
            SrtpCorpus.Samples.Should().Contain(s => s.Profile == profile, "{0} needs samples", profile);
        }

        SrtpCorpus.Samples.Should().Contain(s => s.IsRtcp).And.Contain(s => !s.IsRtcp);
    }

    [Theory]
    [MemberData(nameof(SrtpCorpus.Names), MemberType = typeof(SrtpCorpus))]
    public void Corpus_sample_unprotects_to_its_plaintext_on_both_backends(string name)
    {
        SrtpSample sample = SrtpCorpus.Get(name);
        foreach (bool portable in new[] { false, true })
        {
            using SrtpContext receiver = sample.CreateContext(outbound: false, SrtpTestPackets.Backend(portable));

            SrtpResult result = sample.IsRtcp
                ? SrtpTestPackets.UnprotectRtcp(receiver, sample.Protected, out byte[] plain)
                : SrtpTestPackets.Unprotect(receiver, sample.Protected, out plain);

            result.Should().Be(SrtpResult.Ok);
            Hex.Format(plain).Should().Be(Hex.Format(sample.Plain));
        }
    }

    [Theory]
    [MemberData(nameof(SrtpCorpus.Names), MemberType = typeof(SrtpCorpus))]
    public void Protecting_a_corpus_plaintext_reproduces_the_sample(string name)
    {
        SrtpSample sample = SrtpCorpus.Get(name);
        if (!sample.IsEncrypted)
        {
            // Tagged-only SRTCP (RFC 7714 §17.3): we never send it, so there is nothing to reproduce.
            sample.IsRtcp.Should().BeTrue();
            return;
        }

        Hex.Format(sample.Reprotect(sample.Plain, sample.Protected)).Should().Be(Hex.Format(sample.Protected));
    }
}
