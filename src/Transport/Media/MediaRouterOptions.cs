using Sfu.Transport.Ortc;

namespace Sfu.Transport.Media;

/// <summary>What a channel's router is built with.</summary>
/// <param name="Capabilities">The router RTP capabilities (§6.1), the same for every router of the process.</param>
/// <param name="MaxIncomingBitrate">MAX_BITRATE_IN: the REMB sent to each uploading browser (R88), bit/s.</param>
/// <param name="MaxOutgoingBitrate">MAX_BITRATE_OUT: the most one download transport gets (R96), bit/s.</param>
public sealed record MediaRouterOptions(RtpCapabilities Capabilities, long MaxIncomingBitrate, long MaxOutgoingBitrate)
{
    /// <summary>Receiver reports toward senders (§7.2 sends them about once a second for video).</summary>
    public int ReceiverReportIntervalMs { get; init; } = 1000;

    /// <summary>How often each download transport re-chooses its simulcast layers from its bandwidth estimate.</summary>
    public int LayerSelectionIntervalMs { get; init; } = 500;

    /// <summary>
    /// Whether a download transport whose simulcast consumers want more than its bandwidth estimate probes the path
    /// for more (<see cref="BandwidthProber"/>). Without it, the estimate stays near what the transport already sends.
    /// </summary>
    public bool ProbeBandwidth { get; init; } = true;

    /// <summary>How conversations (Beep mode) pick the speaker everyone hears.</summary>
    public Forwarding.DominantSpeakerSettings DominantSpeaker { get; init; } = new();
}
