using System.Security.Cryptography;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// AES-GCM on the BCL (<see cref="AesGcm"/>), for CPUs without AES-NI and PCLMULQDQ. A bad tag surfaces
/// as <see cref="AuthenticationTagMismatchException"/>; it is caught here and only here, so callers see a
/// plain false. That costs a few microseconds per forged packet on this path.
/// </summary>
internal sealed class PortableAesGcm : AesGcmCipher
{
    private readonly AesGcm _gcm;

    public PortableAesGcm(ReadOnlySpan<byte> key) => _gcm = new AesGcm(key, TagLength);

    public override void Seal(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, Span<byte> tag) =>
        _gcm.Encrypt(nonce, data, data, tag, associatedData);

    public override bool TryOpen(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != TagLength)
        {
            return false;
        }

        try
        {
            _gcm.Decrypt(nonce, data, tag, data, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override void Dispose() => _gcm.Dispose();
}
