using System.Security.Cryptography;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// AES-CTR on the AES-NI instructions (<see cref="AesNiKeySchedule"/>). Why not the BCL: every OpenSSL call through
/// <see cref="ICryptoTransform"/> costs a few hundred nanoseconds of fixed overhead, as much as encrypting a whole
/// 1,200-byte packet here; the per-packet budget of an SFU cannot afford it. 128- and 256-bit keys only, the sizes
/// SRTP uses (other sizes go to <see cref="PortableAesCounterMode"/>).
/// </summary>
internal sealed class AesNiCounterMode : AesCounterMode
{
    private AesNiKeySchedule _schedule;

    public AesNiCounterMode(ReadOnlySpan<byte> key)
    {
        _schedule = new AesNiKeySchedule(key);
    }

    public static bool IsHardwareAvailable => AesNiKeySchedule.IsHardwareAvailable;

    public static bool Supports(int keyLength) => AesNiKeySchedule.Supports(keyLength);

    public override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output) => _schedule.EncryptBlock(input, output);

    public override void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data) => _schedule.Apply(initialCounter, data);

    public override void Dispose() => _schedule.Clear();
}
