using System.Net;
using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Net;

namespace Sfu.Transport.WebRtc;

/// <summary>How a client-mode transport reaches a server candidate (tests, load generator).</summary>
public sealed record WebRtcClientOptions
{
    /// <summary>UDP, or ICE-TCP to a passive candidate with RFC 4571 framing.</summary>
    public TransportProtocol Protocol { get; init; } = TransportProtocol.Udp;

    /// <summary>Our DTLS role; a browser facing mediasoup takes the client role (PROTOCOL §7.1).</summary>
    public DtlsRole DtlsRole { get; init; } = DtlsRole.Client;

    /// <summary>Address our UDP socket binds to (port chosen by the system); the wildcard of the server's family when null.</summary>
    public IPAddress? LocalAddress { get; init; }

    /// <summary>Our ICE credentials; fresh random ones when null.</summary>
    public IceCredentials? LocalCredentials { get; init; }

    /// <summary>RFC 8489 §6.2.1 RTO of the first check.</summary>
    public int IceInitialRtoMs { get; init; } = IceClientAgent.DefaultInitialRtoMs;

    /// <summary>RFC 8489 §6.2.1 Rc.</summary>
    public int IceMaxTransmissions { get; init; } = IceClientAgent.DefaultMaxTransmissions;

    /// <summary>
    /// Period of consent checks once connected (RFC 7675 §5.1 says about every 5 s, randomised); 0 sends none, to
    /// play a peer that went silent.
    /// </summary>
    public int ConsentIntervalMs { get; init; } = 5000;
}
