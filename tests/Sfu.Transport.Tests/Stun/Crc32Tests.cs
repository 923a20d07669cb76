using System.Text;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Stun;

/// <summary>The CRC-32 of FINGERPRINT (RFC 8489 §14.7 cites ITU-T V.42 / ISO 13239).</summary>
public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)] // the catalogued check value of CRC-32/ISO-HDLC
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_matches_the_catalogued_values(string text, uint expected)
    {
        Crc32.Compute(Encoding.ASCII.GetBytes(text)).Should().Be(expected);
    }
}
