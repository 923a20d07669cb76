namespace Sfu.Transport.Srtp;

/// <summary>
/// The cryptography of one profile for one direction: how a packet whose index is already known is
/// encrypted and tagged, or verified and decrypted, in the caller's buffer. The context does the parsing,
/// index estimation and replay bookkeeping; the transform only sees well-formed bounds.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>Bytes SRTP appends to an RTP packet.</summary>
    public abstract int RtpTagLength { get; }

    /// <summary>Bytes SRTCP appends to an RTCP packet (index word and tag).</summary>
    public abstract int RtcpTrailerLength { get; }

    /// <summary>Encrypts buffer[headerLength..length) and writes the tag at buffer[length..].</summary>
    public abstract void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Verifies the tag at the end of buffer[..length) and decrypts the payload before it.</summary>
    public abstract bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index);

    /// <summary>Encrypts buffer[8..length), appends index word and tag; returns the SRTCP length.</summary>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>Reads the E flag and SRTCP index of a packet at least 8 + <see cref="RtcpTrailerLength"/> long.</summary>
    public abstract void ReadRtcpIndex(ReadOnlySpan<byte> packet, out uint index, out bool encrypted);

    /// <summary>Verifies an SRTCP packet and, when <paramref name="encrypted"/>, decrypts it.</summary>
    public abstract bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted);

    public abstract void Dispose();

    /// <summary>The E flag of the SRTCP index word (RFC 3711 §3.4).</summary>
    protected const uint EncryptedFlag = 0x8000_0000;

    protected const uint IndexMask = 0x7FFF_FFFF;
}
