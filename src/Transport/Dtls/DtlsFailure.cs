namespace Sfu.Transport.Dtls;

/// <summary>Why a handshake did not produce SRTP keys.</summary>
public enum DtlsFailure
{
    /// <summary>The handshake succeeded.</summary>
    None,

    /// <summary>No handshake completed within <see cref="DtlsOptions.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>
    /// The peer sent no certificate, or its certificate does not match the fingerprint from the signaling
    /// (RFC 8122 §5; we sent bad_certificate or handshake_failure).
    /// </summary>
    BadCertificate,

    /// <summary>The peer aborted the handshake with a fatal alert (see <see cref="DtlsResult.Alert"/>).</summary>
    AlertReceived,

    /// <summary>The peers share no SRTP protection profile in use_srtp (RFC 5764 §4.1.1).</summary>
    NoSrtpProfile,

    /// <summary><see cref="DtlsEndpoint.Close"/> was called before the handshake completed.</summary>
    Closed,

    /// <summary>Any other handshake error (unexpected message, no common cipher suite, bad signature...).</summary>
    ProtocolError,
}
