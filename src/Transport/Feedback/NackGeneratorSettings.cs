namespace Sfu.Transport.Feedback;

/// <summary>
/// Timing and limits of receive-side NACK generation; the defaults are those of mediasoup 3.19 that browsers
/// are used to (PROTOCOL.md §7.2).
/// </summary>
/// <param name="FirstRequestDelayMs">A missing packet is first requested once it has been missing this long, so
/// that a packet merely reordered by a few milliseconds is not requested.</param>
/// <param name="DefaultRttMs">Spacing of repeated requests while no RTT is known.</param>
/// <param name="MaxRequests">Requests per missing packet, in total.</param>
/// <param name="MaxPacketAge">Missing packets further than this behind the newest one are forgotten.</param>
/// <param name="MaxMissingPackets">More missing packets than this and a key frame is cheaper than repairs.</param>
/// <param name="TimerIntervalMs">How often the owner should call <see cref="NackGenerator.OnTimer"/> while packets are missing.</param>
public sealed record NackGeneratorSettings(
    int FirstRequestDelayMs = 10,
    int DefaultRttMs = 100,
    int MaxRequests = 10,
    int MaxPacketAge = 10_000,
    int MaxMissingPackets = 1000,
    int TimerIntervalMs = 40)
{
    public static NackGeneratorSettings Default { get; } = new();
}
