namespace Sfu.Transport.Dtls;

/// <summary>
/// Which side of the DTLS handshake we play (RFC 5763 §5: the a=setup attribute decides; in this protocol the
/// browser takes the client role and we act as DTLS server, see PROTOCOL.md §7.1).
/// </summary>
public enum DtlsRole
{
    /// <summary>We send the ClientHello.</summary>
    Client,

    /// <summary>We wait for the peer's ClientHello.</summary>
    Server,
}
