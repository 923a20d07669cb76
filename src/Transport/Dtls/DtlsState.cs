namespace Sfu.Transport.Dtls;

/// <summary>Life cycle of a <see cref="DtlsEndpoint"/>. Transitions only move forward.</summary>
public enum DtlsState
{
    /// <summary>Created, <see cref="DtlsEndpoint.Start"/> not called yet.</summary>
    New,

    /// <summary>Handshake queued or running.</summary>
    Connecting,

    /// <summary>Handshake done, SRTP keys available.</summary>
    Connected,

    /// <summary>Handshake failed, or a fatal alert arrived afterwards.</summary>
    Failed,

    /// <summary>Closed by us (<see cref="DtlsEndpoint.Close"/>) or by the peer's close_notify.</summary>
    Closed,
}
