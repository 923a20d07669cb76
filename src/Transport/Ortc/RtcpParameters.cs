namespace Sfu.Transport.Ortc;

/// <summary>
/// RTCP settings of a stream: the CNAME (RFC 3550 §6.5.1) that ties a participant's streams together for lip sync,
/// reduced-size RTCP (RFC 5506) and rtcp-mux (RFC 5761). Null members are absent from the JSON.
/// </summary>
public sealed record RtcpParameters(string? Cname = null, bool? ReducedSize = null, bool? Mux = null);
