namespace Sfu.Transport.Ortc;

/// <summary>
/// One encoding (simulcast layer or single stream) of a producer or consumer. Every member is optional; null means
/// absent from the JSON. JSON member order: ssrc, rid, codecPayloadType, rtx, dtx, scalabilityMode,
/// scaleResolutionDownBy, maxBitrate, maxFramerate, active — which gives the consumer shape of PROTOCOL §6.5
/// (ssrc, rtx, scalabilityMode, maxBitrate).
/// </summary>
public sealed record RtpEncodingParameters
{
    public uint? Ssrc { get; init; }

    /// <summary>RFC 8851 restriction identifier ("r0"…), the key of rid-based simulcast.</summary>
    public string? Rid { get; init; }

    public int? CodecPayloadType { get; init; }

    public RtxParameters? Rtx { get; init; }

    /// <summary>Discontinuous transmission; validation forces it to a boolean (false unless true).</summary>
    public bool? Dtx { get; init; }

    /// <summary>W3C webrtc-svc mode such as "L1T3".</summary>
    public string? ScalabilityMode { get; init; }

    public double? ScaleResolutionDownBy { get; init; }

    /// <summary>Bits per second.</summary>
    public double? MaxBitrate { get; init; }

    public double? MaxFramerate { get; init; }

    public bool? Active { get; init; }
}
