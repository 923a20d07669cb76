namespace Sfu.Transport.Ortc;

/// <summary>What a router or a client can send and receive: codecs in preference order and header extensions.</summary>
public sealed record RtpCapabilities(
    IReadOnlyList<RtpCodecCapability> Codecs,
    IReadOnlyList<RtpHeaderExtension> HeaderExtensions)
{
    public static RtpCapabilities Empty { get; } = new([], []);
}
