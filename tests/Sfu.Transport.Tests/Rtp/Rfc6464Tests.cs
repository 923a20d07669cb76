using Sfu.Transport.Rtp.Extensions;

namespace Sfu.Transport.Tests.Rtp;

/// <summary>RFC 6464 §3: the V flag in the top bit, the level in -dBov below it.</summary>
public class Rfc6464Tests
{
    [Theory]
    [InlineData(0x00, false, 0)]     // loudest, no voice
    [InlineData(0x80, true, 0)]      // loudest, voice
    [InlineData(0x7f, false, 127)]   // silence (muted source)
    [InlineData(0xff, true, 127)]
    [InlineData(0x9e, true, 30)]
    public void Level_byte_splits_into_voice_flag_and_level(byte value, bool voice, byte level)
    {
        AudioLevelIndication.TryRead([value], out AudioLevelIndication indication).Should().BeTrue();

        indication.Should().Be(new AudioLevelIndication(voice, level));
        byte[] written = new byte[1];
        indication.TryWrite(written).Should().BeTrue();
        written[0].Should().Be(value);
    }
}
