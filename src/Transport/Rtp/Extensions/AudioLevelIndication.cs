namespace Sfu.Transport.Rtp.Extensions;

/// <summary>
/// The client-to-mixer audio level (RFC 6464 §3): a voice-activity flag and the level in -dBov, 0 (loudest)
/// to 127 (silence), packed into one byte as V|level.
/// </summary>
public readonly record struct AudioLevelIndication(bool VoiceActivity, byte Level)
{
    public const int ValueLength = 1;

    /// <summary>RFC 6464 §3: 127 -dBov stands for a muted or silent source.</summary>
    public const byte Silence = 127;

    public static bool TryRead(ReadOnlySpan<byte> value, out AudioLevelIndication indication)
    {
        if (value.Length != ValueLength)
        {
            indication = default;
            return false;
        }

        indication = new AudioLevelIndication((value[0] & 0x80) != 0, (byte)(value[0] & 0x7F));
        return true;
    }

    /// <summary>Writes the byte; a level above 127 does not fit and is refused.</summary>
    public bool TryWrite(Span<byte> value)
    {
        if (value.Length != ValueLength || Level > Silence)
        {
            return false;
        }

        value[0] = (byte)((VoiceActivity ? 0x80 : 0) | Level);
        return true;
    }
}
