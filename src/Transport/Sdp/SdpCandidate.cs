using Sfu.Transport.Ice;
using Sfu.Transport.Net;

namespace Sfu.Transport.Sdp;

/// <summary>
/// <c>a=candidate:</c> (RFC 8839 §5.1): foundation, component, transport, priority, address, port, "typ" type,
/// then optional raddr/rport (reflexive and relay candidates), tcptype (RFC 6544 §4.5) and extension pairs such
/// as Chromium's "generation 0 network-id 1", kept in order.
/// </summary>
public sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type)
{
    public string? RelatedAddress { get; init; }

    public int? RelatedPort { get; init; }

    public string? TcpType { get; init; }

    public ValueList<SdpCandidateExtension> Extensions { get; init; } = ValueList<SdpCandidateExtension>.Empty;

    /// <summary>Our own host candidate as the SDP spells it: lower-case transport, tcptype passive on TCP.</summary>
    public static SdpCandidate FromIce(IceCandidate candidate) => new(
        candidate.Foundation,
        IceCandidate.RtpComponentId,
        candidate.ProtocolName,
        candidate.Priority,
        candidate.Ip,
        candidate.Port,
        candidate.Type)
    {
        TcpType = candidate.Protocol == TransportProtocol.Tcp ? candidate.TcpType : null,
    };
}

/// <summary>One "name value" pair after the standard candidate fields (RFC 8839 §5.1 extension-att-name).</summary>
public sealed record SdpCandidateExtension(string Name, string Value);
