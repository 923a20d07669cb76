using System.Text;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsFingerprintTests
{
    // FIPS 180-2 appendix vectors: the digests of the three bytes "abc".
    [Theory]
    [InlineData("sha-1", "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D")]
    [InlineData("sha-224", "23:09:7D:22:34:05:D8:22:86:42:A4:77:BD:A2:55:B3:2A:AD:BC:E4:BD:A0:B3:F7:E3:6C:9D:A7")]
    [InlineData("sha-256", "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD")]
    public void Compute_formats_the_digest_as_upper_case_hex_pairs_joined_by_colons(string algorithm, string expected)
    {
        DtlsFingerprint fingerprint = DtlsFingerprint.Compute(algorithm, Encoding.ASCII.GetBytes("abc"));

        fingerprint.Algorithm.Should().Be(algorithm);
        fingerprint.Value.Should().Be(expected);
        fingerprint.Matches(Encoding.ASCII.GetBytes("abc")).Should().BeTrue();
        fingerprint.Matches(Encoding.ASCII.GetBytes("abd")).Should().BeFalse();
    }

    [Fact]
    public void Signaled_fingerprints_are_normalised_so_letter_case_does_not_matter()
    {
        string lower = "ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad";

        DtlsFingerprint.TryCreate("SHA-256", lower, out DtlsFingerprint? parsed).Should().BeTrue();

        parsed.Should().Be(DtlsFingerprint.Compute("sha-256", Encoding.ASCII.GetBytes("abc")));
        parsed!.ToString().Should().StartWith("sha-256 BA:78:16:BF");
    }

    [Theory]
    [InlineData("md5", "BA:78")]
    [InlineData("sha-256", "BA:78:16")]
    [InlineData("sha-1", "A9993E3647:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D:00:00")]
    [InlineData("sha-1", "A9-99-3E-36-47-06-81-6A-BA-3E-25-71-78-50-C2-6C-9C-D0-D8-9D")]
    [InlineData("sha-1", "G9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D")]
    [InlineData("sha-1", "")]
    [InlineData(null, "A9:99")]
    [InlineData("sha-1", null)]
    public void Malformed_or_unknown_fingerprints_are_refused(string? algorithm, string? value)
    {
        DtlsFingerprint.TryCreate(algorithm, value, out DtlsFingerprint? parsed).Should().BeFalse();
        parsed.Should().BeNull();
    }

    [Fact]
    public void Parse_throws_on_what_TryCreate_refuses()
    {
        Action parse = () => DtlsFingerprint.Parse("sha-256", "not hex");

        parse.Should().Throw<ArgumentException>();
    }
}
