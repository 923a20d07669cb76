using System.Security.Cryptography;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// The AES-NI counter mode and the PCLMULQDQ GCM must give exactly the bytes of the BCL (OpenSSL)
/// implementations, for every length around block boundaries and for both key sizes.
/// </summary>
public sealed class AesHardwareCrossCheckTests
{
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 140), 255, 256, 257, 1024, 1199, 1200, 1201, 1500];

    [Fact]
    public void Auto_backend_takes_the_hardware_path_when_the_cpu_has_it()
    {
        using AesCounterMode counterMode = AesCounterMode.Create(new byte[16], SrtpCryptoBackend.Auto);
        using AesGcmCipher gcm = AesGcmCipher.Create(new byte[16], SrtpCryptoBackend.Auto);

        counterMode.Should().BeOfType(AesNiCounterMode.IsHardwareAvailable ? typeof(AesNiCounterMode) : typeof(PortableAesCounterMode));
        gcm.Should().BeOfType(HardwareAesGcm.Supports(16) ? typeof(HardwareAesGcm) : typeof(PortableAesGcm));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Hardware_counter_mode_matches_the_bcl_for_every_length(int keyLength)
    {
        if (!AesNiCounterMode.IsHardwareAvailable)
        {
            return;
        }

        var random = new Random(keyLength);
        byte[] key = Bytes(random, keyLength);
        using var hardware = new AesNiCounterMode(key);
        using var portable = new PortableAesCounterMode(key);
        foreach (int length in Lengths)
        {
            byte[] counter = Bytes(random, 16);
            // Near the end of the 32-bit counter, both wrap it the same way (inc32).
            counter[12] = 0xFF; counter[13] = 0xFF; counter[14] = 0xFF; counter[15] = (byte)random.Next(0xF0, 0x100);
            byte[] data = Bytes(random, length);
            byte[] viaHardware = (byte[])data.Clone();
            byte[] viaPortable = (byte[])data.Clone();

            hardware.Apply(counter, viaHardware);
            portable.Apply(counter, viaPortable);

            Hex.Format(viaHardware).Should().Be(Hex.Format(viaPortable), "length {0}", length);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Hardware_block_encryption_matches_aes_ecb(int keyLength)
    {
        if (!AesNiCounterMode.IsHardwareAvailable)
        {
            return;
        }

        var random = new Random(100 + keyLength);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] key = Bytes(random, keyLength);
            byte[] block = Bytes(random, 16);
            using var hardware = new AesNiCounterMode(key);
            using Aes aes = Aes.Create();
            aes.Key = key;
            byte[] output = new byte[16];

            hardware.EncryptBlock(block, output);

            Hex.Format(output).Should().Be(Hex.Format(aes.EncryptEcb(block, PaddingMode.None)));
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Hardware_gcm_seals_exactly_as_the_bcl_and_opens_what_it_sealed(int keyLength)
    {
        if (!HardwareAesGcm.Supports(keyLength))
        {
            return;
        }

        var random = new Random(200 + keyLength);
        byte[] key = Bytes(random, keyLength);
        using var hardware = new HardwareAesGcm(key);
        using var reference = new AesGcm(key, 16);
        foreach (int length in Lengths)
        {
            byte[] nonce = Bytes(random, 12);
            byte[] associatedData = Bytes(random, random.Next(0, 80));
            byte[] plaintext = Bytes(random, length);
            byte[] expectedCiphertext = new byte[length];
            byte[] expectedTag = new byte[16];
            reference.Encrypt(nonce, plaintext, expectedCiphertext, expectedTag, associatedData);

            byte[] data = (byte[])plaintext.Clone();
            byte[] tag = new byte[16];
            hardware.Seal(nonce, associatedData, data, tag);

            Hex.Format(data).Should().Be(Hex.Format(expectedCiphertext), "length {0}", length);
            Hex.Format(tag).Should().Be(Hex.Format(expectedTag), "length {0}", length);
            hardware.TryOpen(nonce, associatedData, data, tag).Should().BeTrue();
            Hex.Format(data).Should().Be(Hex.Format(plaintext));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gcm_refuses_a_changed_byte_anywhere(bool portable)
    {
        var random = new Random(300);
        byte[] key = Bytes(random, 16);
        using AesGcmCipher gcm = AesGcmCipher.Create(key, SrtpTestPackets.Backend(portable));
        byte[] nonce = Bytes(random, 12);
        byte[] associatedData = Bytes(random, 12);
        byte[] data = Bytes(random, 40);
        byte[] tag = new byte[16];
        gcm.Seal(nonce, associatedData, data, tag);

        for (int bit = 0; bit < 8 * (associatedData.Length + data.Length + tag.Length); bit += 5)
        {
            byte[] a = (byte[])associatedData.Clone(), d = (byte[])data.Clone(), t = (byte[])tag.Clone();
            int index = bit / 8;
            byte[] target = index < a.Length ? a : index < a.Length + d.Length ? d : t;
            int offset = index < a.Length ? index : index < a.Length + d.Length ? index - a.Length : index - a.Length - d.Length;
            target[offset] ^= (byte)(1 << (bit % 8));

            gcm.TryOpen(nonce, a, d, t).Should().BeFalse("bit {0} was flipped", bit);
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
