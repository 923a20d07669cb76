using Sfu.Transport.Srtp;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// RFC 6188 §7: AES-256 in SRTP. §7.1 is the AES_256_CM keystream at the counters of RFC 3711 B.2; §7.2 is
/// the AES_256_CM_PRF key derivation, which the AEAD_AES_256_GCM profile also uses (RFC 7714 §11).
/// </summary>
public sealed class Rfc6188Tests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aes_256_cm_keystream_matches_section_7_1(bool portable)
    {
        byte[] sessionKey = Hex.Parse(
            "57f82fe3613fd170a85ec93c40b1f092" +
            "2ec4cb0dc025b58272147cc438944a98");
        byte[] offset = Hex.Parse("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");

        byte[] keystream = new byte[65282 * 16];
        using AesCounterMode aes = AesCounterMode.Create(sessionKey, SrtpTestPackets.Backend(portable));
        aes.Apply(offset, keystream);

        Hex.Format(keystream.AsSpan(0, 48)).Should().Be(Hex.Format(Hex.Parse(
            "92bdd28a93c3f52511c677d08b5515a4" +
            "9da71b2378a854f67050756ded165bac" +
            "63c4868b7096d88421b563b8c94c9a31")));
        Hex.Format(keystream.AsSpan(keystream.Length - 48)).Should().Be(Hex.Format(Hex.Parse(
            "cea518c90fd91ced9cbb18c078a54711" +
            "3dbc4814f4da5f00a08772b63c6a046d" +
            "6eb246913062a16891433e97dd01a57f")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Aes_256_key_derivation_matches_section_7_2(bool portable)
    {
        byte[] masterKey = Hex.Parse(
            "f0f04914b513f2763a1b1fa130f10e29" +
            "98f6f6e43e4309d1e622a0e332b9f1b6");
        byte[] masterSalt = Hex.Parse("3b04803de51ee7c96423ab5b78d2");
        SrtpCryptoBackend backend = SrtpTestPackets.Backend(portable);

        byte[] cipherKey = new byte[32];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpLabel.RtpEncryption, cipherKey, backend);
        Hex.Format(cipherKey).Should().Be(Hex.Format(Hex.Parse(
            "5ba1064e30ec51613cad926c5a28ef73" +
            "1ec7fb397f70a960653caf06554cd8c4")));

        byte[] cipherSalt = new byte[14];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpLabel.RtpSalt, cipherSalt, backend);
        Hex.Format(cipherSalt).Should().Be(Hex.Format(Hex.Parse("fa31791685ca444a9e07c6c64e93")));

        byte[] authKey = new byte[20];
        SrtpKeyDerivation.DeriveSessionKey(masterKey, masterSalt, SrtpLabel.RtpAuthentication, authKey, backend);
        Hex.Format(authKey).Should().Be(Hex.Format(Hex.Parse("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05")));
    }
}
