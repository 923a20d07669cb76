using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Caps what a browser sends on an upload transport: a REMB (draft-alvestrand-rmcat-remb-03) carrying
/// MAX_BITRATE_IN, sender SSRC 0 and no SSRC list, repeated every <see cref="IntervalMs"/> while packets arrive
/// (PROTOCOL.md §7.2, R88). The browser's own estimate stays in charge below that ceiling.
/// </summary>
public sealed class MaxBitrateRembSender
{
    /// <summary>mediasoup's 1.5 s between limitation REMBs.</summary>
    public const int DefaultIntervalMs = 1500;

    private long _lastSentMs = long.MinValue;
    private bool _packetsSinceLastRemb;

    public MaxBitrateRembSender(ulong maxBitrate, int intervalMs = DefaultIntervalMs)
    {
        MaxBitrate = maxBitrate;
        IntervalMs = intervalMs;
    }

    public ulong MaxBitrate { get; set; }

    public int IntervalMs { get; }

    public void OnPacket() => _packetsSinceLastRemb = true;

    /// <summary>Due when packets arrived since the last REMB and the interval has elapsed (or none was sent yet).</summary>
    public bool IsDue(long nowMs) => _packetsSinceLastRemb && (_lastSentMs == long.MinValue || nowMs - _lastSentMs >= IntervalMs);

    public bool TryWrite(Span<byte> destination, long nowMs, out int length)
    {
        if (!RtcpRemb.TryWrite(destination, 0, MaxBitrate, ReadOnlySpan<uint>.Empty, out length))
        {
            return false;
        }

        _lastSentMs = nowMs;
        _packetsSinceLastRemb = false;
        return true;
    }
}
