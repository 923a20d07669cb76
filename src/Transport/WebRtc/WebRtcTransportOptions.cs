using Sfu.Transport.Dtls;
using Sfu.Transport.Ice;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.WebRtc;

/// <summary>What a server- or client-mode transport needs besides its worker loop.</summary>
public sealed record WebRtcTransportOptions(DtlsCertificate Certificate)
{
    /// <summary>Profiles, handshake timeout, queue size.</summary>
    public DtlsOptions Dtls { get; init; } = DtlsOptions.Default;

    /// <summary>Where handshakes run; <see cref="DtlsHandshakePool.Shared"/> when null.</summary>
    public DtlsHandshakePool? HandshakePool { get; init; }

    /// <summary>Clock of the DTLS handshake timeout (the ICE clock is the loop's).</summary>
    public TimeProvider DtlsTime { get; init; } = TimeProvider.System;

    /// <summary>Server mode: ICE consent timeout, 10–60 s (PROTOCOL §7.1).</summary>
    public TimeSpan ConsentTimeout { get; init; } = IceLiteAgent.DefaultConsentTimeout;

    /// <summary>SSRCs each SRTP direction tracks at most.</summary>
    public int MaxSrtpSsrcs { get; init; } = SrtpContext.DefaultMaxSsrcs;
}
