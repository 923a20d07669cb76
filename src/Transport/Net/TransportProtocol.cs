namespace Sfu.Transport.Net;

/// <summary>The transport a media packet travelled on: a UDP datagram or an RFC 4571 frame on a TCP connection.</summary>
public enum TransportProtocol : byte
{
    Udp = 0,
    Tcp = 1,
}
