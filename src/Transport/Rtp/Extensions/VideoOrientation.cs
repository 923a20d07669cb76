namespace Sfu.Transport.Rtp.Extensions;

/// <summary>
/// Coordination of video orientation (CVO), 3GPP TS 26.114 §7.4.5, used by WebRTC per RFC 7742 §4: one byte
/// 0 0 0 0 C F R1 R0, with C the camera (0 front, 1 back), F a horizontal flip and R1R0 the rotation in
/// quarter turns (0°, 90°, 180°, 270°).
/// </summary>
public readonly record struct VideoOrientation(bool BackCamera, bool HorizontalFlip, byte QuarterTurns)
{
    public const int ValueLength = 1;

    public int RotationDegrees => QuarterTurns * 90;

    /// <summary>Reads the byte; the four high bits are reserved (the 6-bit rotation variant is not negotiated) and ignored.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out VideoOrientation orientation)
    {
        if (value.Length != ValueLength)
        {
            orientation = default;
            return false;
        }

        byte bits = value[0];
        orientation = new VideoOrientation((bits & 0x08) != 0, (bits & 0x04) != 0, (byte)(bits & 0x03));
        return true;
    }

    public bool TryWrite(Span<byte> value)
    {
        if (value.Length != ValueLength || QuarterTurns > 3)
        {
            return false;
        }

        value[0] = (byte)((BackCamera ? 0x08 : 0) | (HorizontalFlip ? 0x04 : 0) | QuarterTurns);
        return true;
    }
}
