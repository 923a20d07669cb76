namespace Sfu.Transport.Ortc;

/// <summary>
/// What a producer sends or a consumer receives (mediasoup RtpParameters). JSON member order: codecs,
/// headerExtensions, encodings, rtcp, msid, mid — the order of PROTOCOL §6.5, where the transport appends mid last.
/// </summary>
public sealed record RtpParameters(
    IReadOnlyList<RtpCodecParameters> Codecs,
    IReadOnlyList<RtpHeaderExtensionParameters> HeaderExtensions,
    IReadOnlyList<RtpEncodingParameters> Encodings,
    RtcpParameters Rtcp,
    string? Mid = null,
    string? Msid = null);
