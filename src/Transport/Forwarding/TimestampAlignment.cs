namespace Sfu.Transport.Forwarding;

/// <summary>
/// The timestamp arithmetic of a simulcast layer switch (PROTOCOL §7.5, R91). Output timestamp = input − offset.
/// Each encoding starts its RTP clock at a random value, so a layer's offset is what maps its clock onto the
/// clock of the reference layer, derived from both layers' Sender Reports taken at different instants.
/// </summary>
public static class TimestampAlignment
{
    /// <summary>The minimum step given to a key frame that would otherwise not move the output clock forward: one frame at 30 fps.</summary>
    public const int MinimumStepMilliseconds = 33;

    /// <summary>A larger jump means the alignment is wrong; the key frame is skipped and another one asked for.</summary>
    public const int MaximumCorrectionMilliseconds = 75;

    /// <summary>
    /// The offset of <paramref name="target"/>'s clock relative to <paramref name="reference"/>'s:
    /// <c>(ts2 − (ntp2 − ntp1)·rate/1000) − ts1</c>, i.e. the target's timestamp at the reference report's
    /// instant, minus the reference's timestamp there.
    /// </summary>
    public static uint OffsetBetween(in SenderReportClock reference, in SenderReportClock target, int clockRate)
    {
        long elapsedTicks = (target.NtpMilliseconds - reference.NtpMilliseconds) * clockRate / 1000;
        return unchecked(target.RtpTimestamp - (uint)elapsedTicks - reference.RtpTimestamp);
    }

    /// <summary>Ticks of a clock at <paramref name="clockRate"/> Hz in <paramref name="milliseconds"/>.</summary>
    public static uint Ticks(int milliseconds, int clockRate) => (uint)((long)milliseconds * clockRate / 1000);
}
