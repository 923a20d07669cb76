using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Srtp;

/// <summary>
/// AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714). SRTP: the whole RTP header, CSRCs and extension
/// included, is the associated data and the 16-byte tag follows the ciphertext (§8). SRTCP: the first eight
/// bytes and the E || index word are the associated data; the word comes after the tag (§9).
/// </summary>
internal sealed class AeadAesGcmTransform : SrtpTransform
{
    private const int SaltLength = 12;
    private const int TagLength = AesGcmCipher.TagLength;

    private readonly AesGcmCipher _rtpCipher;
    private readonly AesGcmCipher _rtcpCipher;
    // The salts inline (twelve bytes and four zeros each) rather than in arrays: one object less between a packet and
    // its keys (see AesNiKeySchedule).
    private readonly Vector128<byte> _rtpSalt;
    private readonly Vector128<byte> _rtcpSalt;

    public AeadAesGcmTransform(SrtpSessionKeys keys, SrtpCryptoBackend backend)
    {
        _rtpCipher = AesGcmCipher.Create(keys.RtpKey, backend);
        _rtcpCipher = AesGcmCipher.Create(keys.RtcpKey, backend);
        _rtpSalt = InlineSalt(keys.RtpSalt);
        _rtcpSalt = InlineSalt(keys.RtcpSalt);
    }

    public override int RtpTagLength => TagLength;

    public override int RtcpTrailerLength => TagLength + 4;

    public override void ProtectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
        RtpNonce(ssrc, index, nonce);
        _rtpCipher.Seal(nonce, buffer[..headerLength], buffer[headerLength..length], buffer.Slice(length, TagLength));
    }

    public override bool UnprotectRtp(Span<byte> buffer, int length, int headerLength, uint ssrc, ulong index)
    {
        int bodyLength = length - TagLength;
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
        RtpNonce(ssrc, index, nonce);
        return _rtpCipher.TryOpen(nonce, buffer[..headerLength], buffer[headerLength..bodyLength], buffer[bodyLength..length]);
    }

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
        RtcpNonce(ssrc, index, nonce);
        uint word = EncryptedFlag | index;
        Span<byte> associatedData = stackalloc byte[SrtpPacketLayout.RtcpHeaderLength + 4];
        buffer[..SrtpPacketLayout.RtcpHeaderLength].CopyTo(associatedData);
        BinaryPrimitives.WriteUInt32BigEndian(associatedData[SrtpPacketLayout.RtcpHeaderLength..], word);

        _rtcpCipher.Seal(nonce, associatedData, buffer[SrtpPacketLayout.RtcpHeaderLength..length], buffer.Slice(length, TagLength));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(length + TagLength, 4), word);
        return length + RtcpTrailerLength;
    }

    public override void ReadRtcpIndex(ReadOnlySpan<byte> packet, out uint index, out bool encrypted)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[^4..]);
        index = word & IndexMask;
        encrypted = (word & EncryptedFlag) != 0;
    }

    public override bool UnprotectRtcp(Span<byte> buffer, int length, uint ssrc, uint index, bool encrypted)
    {
        int tagStart = length - RtcpTrailerLength;
        Span<byte> nonce = stackalloc byte[AesGcmCipher.NonceLength];
        RtcpNonce(ssrc, index, nonce);
        if (encrypted)
        {
            Span<byte> associatedData = stackalloc byte[SrtpPacketLayout.RtcpHeaderLength + 4];
            buffer[..SrtpPacketLayout.RtcpHeaderLength].CopyTo(associatedData);
            buffer.Slice(length - 4, 4).CopyTo(associatedData[SrtpPacketLayout.RtcpHeaderLength..]);
            return _rtcpCipher.TryOpen(nonce, associatedData, buffer[SrtpPacketLayout.RtcpHeaderLength..tagStart], buffer.Slice(tagStart, TagLength));
        }

        // §9.3, tagged only: the associated data is the whole packet followed by the index word. Moving the
        // word over the start of the tag (saved first) makes that contiguous without a scratch buffer; the
        // bytes past the plaintext are not the caller's concern afterwards.
        Span<byte> tag = stackalloc byte[TagLength];
        buffer.Slice(tagStart, TagLength).CopyTo(tag);
        buffer.Slice(length - 4, 4).CopyTo(buffer.Slice(tagStart, 4));
        return _rtcpCipher.TryOpen(nonce, buffer[..(tagStart + 4)], Span<byte>.Empty, tag);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
    }

    private static Vector128<byte> InlineSalt(ReadOnlySpan<byte> salt)
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        salt[..SaltLength].CopyTo(bytes);
        return Vector128.Create((ReadOnlySpan<byte>)bytes);
    }

    // §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt.
    private void RtpNonce(uint ssrc, ulong index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], SrtpPacketIndex.RolloverCounter(index));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        ByteXor.InPlace(nonce, MemoryMarshal.AsBytes(new ReadOnlySpan<Vector128<byte>>(in _rtpSalt)));
    }

    // §9.1: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.
    private void RtcpNonce(uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & IndexMask);
        ByteXor.InPlace(nonce, MemoryMarshal.AsBytes(new ReadOnlySpan<Vector128<byte>>(in _rtcpSalt)));
    }
}
