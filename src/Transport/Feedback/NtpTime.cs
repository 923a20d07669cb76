namespace Sfu.Transport.Feedback;

/// <summary>
/// Conversions between a wall clock in Unix milliseconds (supplied by the caller) and the 64-bit NTP format of
/// RTCP (RFC 3550 §4: seconds since 1 January 1900 in the high word, binary fraction in the low word), and the
/// "compact" middle 32 bits (16.16 seconds) that LSR, DLSR and RTT arithmetic use (RFC 3550 §6.4.1).
/// </summary>
public static class NtpTime
{
    /// <summary>Seconds from 1900-01-01 to 1970-01-01.</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800;

    /// <summary>Compact NTP units (1/65536 s) per second.</summary>
    public const int CompactUnitsPerSecond = 65_536;

    public static ulong FromUnixMilliseconds(long unixMilliseconds)
    {
        long seconds = Math.DivRem(unixMilliseconds, 1000, out long milliseconds);
        if (milliseconds < 0)
        {
            seconds--;
            milliseconds += 1000;
        }

        ulong fraction = ((ulong)milliseconds << 32) / 1000;
        return ((ulong)(seconds + UnixEpochOffsetSeconds) << 32) | fraction;
    }

    public static long ToUnixMilliseconds(ulong ntpTimestamp)
    {
        long seconds = (long)(ntpTimestamp >> 32) - UnixEpochOffsetSeconds;
        long milliseconds = (long)(((ntpTimestamp & 0xFFFF_FFFF) * 1000 + 0x8000_0000) >> 32);
        return seconds * 1000 + milliseconds;
    }

    /// <summary>The middle 32 bits of the NTP time of a Unix millisecond clock reading.</summary>
    public static uint CompactFromUnixMilliseconds(long unixMilliseconds) => (uint)(FromUnixMilliseconds(unixMilliseconds) >> 16);

    /// <summary>A duration in milliseconds as 1/65536 s units (the DLSR/DLRR encoding), saturating at 32 bits.</summary>
    public static uint MillisecondsToCompact(long milliseconds)
    {
        if (milliseconds <= 0)
        {
            return 0;
        }

        long units = milliseconds * CompactUnitsPerSecond / 1000;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>A duration in 1/65536 s units as milliseconds, rounded to the nearest.</summary>
    public static long CompactToMilliseconds(uint compact) => ((long)compact * 1000 + CompactUnitsPerSecond / 2) / CompactUnitsPerSecond;
}
