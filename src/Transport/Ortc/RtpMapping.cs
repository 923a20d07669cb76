namespace Sfu.Transport.Ortc;

/// <summary>A producer payload type and the router payload type it is rewritten to.</summary>
public sealed record CodecMapping(int PayloadType, int MappedPayloadType);

/// <summary>
/// How one producer encoding is recognised (by <see cref="Ssrc"/> or <see cref="Rid"/>) and the SSRC its packets
/// carry inside the router.
/// </summary>
public sealed record EncodingMapping(uint? Ssrc, string? Rid, string? ScalabilityMode, uint MappedSsrc);

/// <summary>The producer-to-router translation (mediasoup RtpMapping), PROTOCOL §6.6.3.</summary>
public sealed record RtpMapping(IReadOnlyList<CodecMapping> Codecs, IReadOnlyList<EncodingMapping> Encodings);

/// <summary>
/// The result of mapping a producer: its parameters as mediasoup keeps them after matching (H264
/// profile-level-id rewritten to the answer value) and the mapping.
/// </summary>
public sealed record ProducerRtpMapping(RtpParameters Parameters, RtpMapping Mapping);
