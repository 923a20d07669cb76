namespace Sfu.Transport.Forwarding;

/// <summary>
/// The wallclock ↔ RTP clock pair of a stream's latest Sender Report (RFC 3550 §6.4.1): NTP time in
/// milliseconds and the RTP timestamp of the same instant. The default value means "no report yet".
/// </summary>
public readonly struct SenderReportClock
{
    public SenderReportClock(long ntpMilliseconds, uint rtpTimestamp)
    {
        NtpMilliseconds = ntpMilliseconds;
        RtpTimestamp = rtpTimestamp;
        IsKnown = true;
    }

    public static SenderReportClock Unknown => default;

    public long NtpMilliseconds { get; }

    public uint RtpTimestamp { get; }

    public bool IsKnown { get; }
}
