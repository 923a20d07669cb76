using Sfu.Transport.Srtp;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>RFC 3711 Appendix B: the AES-CM keystream (B.2) and the key derivation (B.3).</summary>
public sealed class Rfc3711Tests
{
    // B.2: keystream segment length 1044512 octets (65282 AES blocks).
    private const int KeystreamBlocks = 65282;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aes_cm_keystream_matches_appendix_b2(bool portable)
    {
        byte[] sessionKey = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");
        // Session salt F0F1...FCFD "already shifted", ROC, SEQ and SSRC all zero: the offset is the first counter.
        byte[] offset = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

        byte[] keystream = new byte[KeystreamBlocks * 16];
        using AesCounterMode aes = AesCounterMode.Create(sessionKey, SrtpTestPackets.Backend(portable));
        aes.Apply(offset, keystream);

        // Counter F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000 .. 0002
        Hex.Format(keystream.AsSpan(0, 48)).Should().Be(Hex.Format(Hex.Parse(
            "E03EAD0935C95E80E166B16DD92B4EB4" +
            "D23513162B02D0F72A43A2FE4A5F97AB" +
            "41E95B3BB0A2E8DD477901E4FCA894C0")));
        // Counter F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF .. FF01
        Hex.Format(keystream.AsSpan(keystream.Length - 48)).Should().Be(Hex.Format(Hex.Parse(
            "EC8CDF7398607CB0F2D21675EA9EA1E4" +
            "362B7C3C6773516318A077D7FC5073AE" +
            "6A2CC3787889374FBEB4C81B17BA6C44")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Key_derivation_matches_appendix_b3(bool portable)
    {
        byte[] masterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");
        SrtpCryptoBackend backend = SrtpTestPackets.Backend(portable);

        byte[] cipherKey = new byte[16];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpLabel.RtpEncryption, cipherKey, backend);
        Hex.Format(cipherKey).Should().Be(Hex.Format(Hex.Parse("C61E7A93744F39EE10734AFE3FF7A087")));

        byte[] cipherSalt = new byte[14];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpLabel.RtpSalt, cipherSalt, backend);
        Hex.Format(cipherSalt).Should().Be(Hex.Format(Hex.Parse("30CBBC08863D8C85D49DB34A9AE1")));

        // B.3 derives a 94-octet auth key to exercise several AES blocks; HMAC-SHA1 uses its first 20.
        byte[] authKey = new byte[94];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpLabel.RtpAuthentication, authKey, backend);
        Hex.Format(authKey).Should().Be(Hex.Format(Hex.Parse(
            "CEBE321F6FF7716B6FD4AB49AF256A15" +
            "6D38BAA48F0A0ACF3C34E2359E6CDBCE" +
            "E049646C43D9327AD175578EF7227098" +
            "6371C10C9A369AC2F94A8C5FBCDDDC25" +
            "6D6E919A48B610EF17C2041E47403576" +
            "6B68642C59BBFC2F34DB60DBDFB2")));
    }

    [Fact]
    public void Session_keys_of_a_context_are_the_appendix_b3_keys()
    {
        byte[] masterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");

        SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProfile.Aes128CmHmacSha1_80, masterKey, masterSalt, SrtpCryptoBackend.Auto);

        Hex.Format(keys.RtpKey).Should().Be(Hex.Format(Hex.Parse("C61E7A93744F39EE10734AFE3FF7A087")));
        Hex.Format(keys.RtpSalt).Should().Be(Hex.Format(Hex.Parse("30CBBC08863D8C85D49DB34A9AE1")));
        Hex.Format(keys.RtpAuthKey).Should().Be(Hex.Format(Hex.Parse("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA4")));
    }
}
