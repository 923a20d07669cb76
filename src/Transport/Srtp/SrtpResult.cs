namespace Sfu.Transport.Srtp;

/// <summary>Why an SRTP or SRTCP packet was, or was not, accepted. Every reason but <see cref="Ok"/> means drop.</summary>
public enum SrtpResult
{
    /// <summary>Authenticated and decrypted; the plaintext is in the caller's buffer.</summary>
    Ok,

    /// <summary>Too short, wrong RTP version, or a header that runs past the end of the packet.</summary>
    Malformed,

    /// <summary>The tag does not verify: forged, corrupted, or protected with other keys.</summary>
    AuthenticationFailed,

    /// <summary>This index was already accepted (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The index lies behind the replay window, so whether it is a replay cannot be known.</summary>
    TooOld,

    /// <summary>A new SSRC arrived while the context already tracks its maximum number of SSRCs.</summary>
    UnknownSsrc,
}
