using System.Buffers.Binary;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 and _32: AES counter mode (RFC 3711 §4.1.1) and HMAC-SHA1 (§4.2.1), tag
/// appended after the packet (§3.1) or after the SRTCP index word (§3.4). Authentication is checked before
/// anything is decrypted.
/// </summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    private const int SaltLength = 14;
    private const int RtcpTagLength = 10;
    private const int MaxTagLength = 10;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly HmacSha1Authenticator _rtpAuthenticator;
    private readonly HmacSha1Authenticator _rtcpAuthenticator;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly int _rtpTagLength;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys, int rtpTagLength, SrtpCryptoBackend backend)
    {
        _rtpCipher = AesCounterMode.Create(keys.RtpKey, backend);
        _rtcpCipher = AesCounterMode.Create(keys.RtcpKey, backend);
        _rtpAuthenticator = new HmacSha1Authenticator(keys.RtpAuthKey);
        _rtcpAuthenticator = new HmacSha1Authenticator(keys.RtcpAuthKey);
        _rtpSalt = keys.RtpSalt[..SaltLength];
        _rtcpSalt = keys.RtcpSalt[..SaltLength];
        _rtpTagLength = rtpTagLength;
    }

    public override int RtpTagLength => _rtpTagLength;

    public override int RtcpTrailerLength => 4 + RtcpTagLength;

    public override void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> counter = stackalloc byte[AesCounterMode.BlockSize];
        InitialCounter(_rtpSalt, ssrc, index, counter);
        _rtpCipher.Apply(counter, buffer[headerLength..length]);

        // §4.2: the authenticated portion is the packet followed by the 32-bit ROC, which is never sent. The ROC
        // borrows the first bytes of the tag's room (every tag is at least 4 bytes) so the HMAC gets one span.
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length, 4), SrtpPacketIndex.RolloverCounter(index));
        _rtpAuthenticator.ComputeTag(buffer[..(length + 4)], buffer.Slice(length, _rtpTagLength));
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        int bodyLength = length - _rtpTagLength;
        Span<byte> receivedTag = stackalloc byte[MaxTagLength];
        receivedTag = receivedTag[.._rtpTagLength];
        buffer[bodyLength..length].CopyTo(receivedTag);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(bodyLength, 4), SrtpPacketIndex.RolloverCounter(index));
        if (!_rtpAuthenticator.Verify(buffer[..(bodyLength + 4)], receivedTag))
        {
            receivedTag.CopyTo(buffer[bodyLength..length]); // leave the rejected packet as it came, for whoever logs it
            return false;
        }

        Span<byte> counter = stackalloc byte[AesCounterMode.BlockSize];
        InitialCounter(_rtpSalt, ssrc, index, counter);
        _rtpCipher.Apply(counter, buffer[headerLength..bodyLength]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> counter = stackalloc byte[AesCounterMode.BlockSize];
        InitialCounter(_rtcpSalt, ssrc, index, counter);
        _rtcpCipher.Apply(counter, buffer[SrtpPacketLayout.RtcpHeaderLength..length]);

        // §3.4: E || SRTCP index follows the packet and is authenticated with it.
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length, 4), EncryptedFlag | index);
        _rtcpAuthenticator.ComputeTag(buffer[..(length + 4)], buffer.Slice(length + 4, RtcpTagLength));
        return length + RtcpTrailerLength;
    }

    public override void ReadRtcpIndex(ReadOnlySpan<byte> packet, out uint index, out bool encrypted)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(packet.Length - RtcpTrailerLength, 4));
        index = word & IndexMask;
        encrypted = (word & EncryptedFlag) != 0;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted)
    {
        int authenticatedLength = length - RtcpTagLength;
        if (!_rtcpAuthenticator.Verify(buffer[..authenticatedLength], buffer[authenticatedLength..length]))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> counter = stackalloc byte[AesCounterMode.BlockSize];
            InitialCounter(_rtcpSalt, ssrc, index, counter);
            _rtcpCipher.Apply(counter, buffer[SrtpPacketLayout.RtcpHeaderLength..(authenticatedLength - 4)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpAuthenticator.Dispose();
        _rtcpAuthenticator.Dispose();
    }

    // §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16): salt in bytes 0..13, SSRC over bytes 4..7,
    // the 48-bit index over bytes 8..13, the two low bytes left for the block counter.
    private static void InitialCounter(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> counter)
    {
        salt.CopyTo(counter);
        counter[14] = 0;
        counter[15] = 0;
        Span<byte> ssrcBytes = counter.Slice(4, 4);
        BinaryPrimitives.WriteUInt32BigEndian(ssrcBytes, BinaryPrimitives.ReadUInt32BigEndian(ssrcBytes) ^ ssrc);
        Span<byte> indexHigh = counter.Slice(8, 2);
        BinaryPrimitives.WriteUInt16BigEndian(indexHigh, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(indexHigh) ^ (ushort)(index >> 32)));
        Span<byte> indexLow = counter.Slice(10, 4);
        BinaryPrimitives.WriteUInt32BigEndian(indexLow, BinaryPrimitives.ReadUInt32BigEndian(indexLow) ^ (uint)index);
    }
}
