using Sfu.Actors.Auth;

namespace Sfu.Actors.Tests.Auth;

/// <summary>The decoding examples of PROTOCOL.md §8.1, which mimic Node's lenient base64 decoder.</summary>
public sealed class LenientBase64Tests
{
    [Theory]
    [InlineData("AQID", "010203")]
    [InlineData("AQ-_", "010fbf")]   // base64url digits
    [InlineData("AQ+/", "010fbf")]   // standard digits, same bytes
    [InlineData("A Q\nI D", "010203")] // white space is skipped
    [InlineData("AQ!ID", "010203")]  // so is any other foreign character
    [InlineData("AQI", "0102")]      // 3 trailing characters give 2 bytes
    [InlineData("AQ", "01")]         // 2 give 1
    [InlineData("A", "")]            // a lone character is dropped
    [InlineData("AQ=ID", "01")]      // decoding stops at the first '='
    [InlineData("AQ==AQ==", "01")]
    [InlineData("=AQID", "")]
    public void Decodes_like_the_replaced_server(string text, string expectedHex)
    {
        Convert.ToHexString(LenientBase64.Decode(text)).ToLowerInvariant().Should().Be(expectedHex);
    }

    [Fact]
    public void Decodes_the_reference_key_to_bytes_0_to_31()
    {
        byte[] key = LenientBase64.Decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        key.Should().Equal(Enumerable.Range(0, 32).Select(i => (byte)i));
    }

    [Fact]
    public void Random_bytes_survive_both_alphabets()
    {
        var random = new Random(7);
        for (int length = 0; length < 70; length++)
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            string standard = Convert.ToBase64String(bytes);
            string url = standard.TrimEnd('=').Replace('+', '-').Replace('/', '_');

            LenientBase64.Decode(standard).Should().Equal(bytes);
            LenientBase64.Decode(url).Should().Equal(bytes);
        }
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("!!!", false)]
    [InlineData("=abc", false)]
    [InlineData(" a", true)]
    public void Knows_whether_a_text_has_any_base64_digit(string text, bool expected)
    {
        LenientBase64.HasAnyDigit(text).Should().Be(expected);
    }
}
