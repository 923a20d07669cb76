using Sfu.Transport.Net;

namespace Sfu.Transport.Ice;

/// <summary>
/// A local ICE candidate as the server advertises it in the transport parameters (PROTOCOL §6.2): always a host
/// candidate, component 1 (RTP and RTCP are muxed), passive when over TCP.
/// </summary>
public sealed record IceCandidate(
    string Foundation,
    uint Priority,
    string Ip,
    ushort Port,
    TransportProtocol Protocol,
    string Type,
    string? TcpType)
{
    public const string HostType = "host";

    public const string PassiveTcpType = "passive";

    /// <summary>mediasoup's type preference for host candidates (RFC 8445 §5.1.2.2 recommends 126; mediasoup uses 64).</summary>
    public const int HostTypePreference = 64;

    /// <summary>Local preference of the first listen entry (UDP); each further entry gets 100 less.</summary>
    public const int UdpLocalPreference = 10000;

    /// <summary>Local preference of the second listen entry (TCP).</summary>
    public const int TcpLocalPreference = 9900;

    public const int RtpComponentId = 1;

    /// <summary>
    /// RFC 8445 §5.1.2.1: priority = 2^24 × type preference + 2^8 × local preference + (256 − component id).
    /// </summary>
    public static uint ComputePriority(int typePreference, int localPreference, int componentId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return (uint)((typePreference << 24) + (localPreference << 8) + (256 - componentId));
    }

    /// <summary>"udpcandidate", priority 1076302079 (PROTOCOL §8.3).</summary>
    public static IceCandidate HostUdp(string ip, ushort port) => new(
        "udpcandidate",
        ComputePriority(HostTypePreference, UdpLocalPreference, RtpComponentId),
        ip,
        port,
        TransportProtocol.Udp,
        HostType,
        TcpType: null);

    /// <summary>"tcpcandidate", priority 1076276479, tcpType "passive" (PROTOCOL §8.3, RFC 6544 §4.5).</summary>
    public static IceCandidate HostTcpPassive(string ip, ushort port) => new(
        "tcpcandidate",
        ComputePriority(HostTypePreference, TcpLocalPreference, RtpComponentId),
        ip,
        port,
        TransportProtocol.Tcp,
        HostType,
        PassiveTcpType);

    /// <summary>"udp" or "tcp", as the transport parameters spell the protocol.</summary>
    public string ProtocolName => Protocol == TransportProtocol.Udp ? "udp" : "tcp";
}
