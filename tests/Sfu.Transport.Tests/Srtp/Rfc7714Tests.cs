using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// RFC 7714 §16 (SRTP) and §17 (SRTCP) test vectors for AEAD_AES_128_GCM and AEAD_AES_256_GCM. The RFC
/// gives session keys, not master keys, so the contexts here are keyed past the derivation step.
/// </summary>
public sealed class Rfc7714Tests
{
    // §16: "The 16-octet (128-bit) key is 00 01 02 ... 0f, and the 32-octet (256-bit) key is 00 01 02 ... 1f."
    private static readonly byte[] Key128 = Hex.Parse("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
    private static readonly byte[] Key256 = Hex.Parse(
        "00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f" +
        "10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");

    // "Quid pro quo"
    private static readonly byte[] Salt = Hex.Parse("51 75 69 64 20 70 72 6f 20 71 75 6f");

    // §16: 12-octet header 8040f17b 8041f8d3 5501a0b2, payload "Gallia est omnis divisa in partes tres".
    private static readonly byte[] RtpPacket = Hex.Parse(
        "8040f17b 8041f8d3 5501a0b2 47616c6c" +
        "69612065 7374206f 6d6e6973 20646976" +
        "69736120 696e2070 61727465 73207472" +
        "6573");

    // §16.1.1 "Encrypted and tagged packet"
    private static readonly byte[] SrtpPacket128 = Hex.Parse(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3" +
        "fb34de6c acba861c 9d7e4bca be633bd5" +
        "0d294e6f 42a5f47a 51c7d19b 36de3adf" +
        "8833899d 7f27beb1 6a9152cf 765ee439" +
        "0cce");

    // §16.2.1 "Encrypted and tagged packet"
    private static readonly byte[] SrtpPacket256 = Hex.Parse(
        "8040f17b 8041f8d3 5501a0b2 32b1de78" +
        "a822fe12 ef9f78fa 332e33aa b1801238" +
        "9a58e2f3 b50b2a02 76ffae0f 1ba63799" +
        "b87b7aa3 db36dfff d6b0f9bb 7878d7a7" +
        "6c13");

    // §17.1 "Encrypting the following packet" (SSRC "Mars"), sent with SRTCP index 000005d4.
    private static readonly byte[] RtcpPacket = Hex.Parse(
        "81c8000d 4d617273 4e545031 4e545032" +
        "52545020 0000042a 0000e930 4c756e61" +
        "deadbeef deadbeef deadbeef deadbeef" +
        "deadbeef");

    private const uint RtcpSsrc = 0x4d617273;
    private const uint RtcpIndex = 0x000005d4;

    // §17.1 "Encrypted and tagged packet"
    private static readonly byte[] SrtcpPacket128 = Hex.Parse(
        "81c8000d 4d617273 63e94885 dcdab67c" +
        "a727d766 2f6b7e99 7ff5c0f7 6c06f32d" +
        "c676a5f1 730d6fda 4ce09b46 86303ded" +
        "0bb9275b c84aa458 96cf4d2f c5abf872" +
        "45d9eade 800005d4");

    // §17.2 "Decrypting the following packet"
    private static readonly byte[] SrtcpPacket256 = Hex.Parse(
        "81c8000d 4d617273 d50ae4d1 f5ce5d30" +
        "4ba297e4 7d470c28 2c3ece5d bffe0a50" +
        "a2eaa5c1 110555be 8415f658 c61de047" +
        "6f1b6fad 1d1eb30c 4446839f 57ff6f6c" +
        "b26ac3be 800005d4");

    // §17.3 "Tagged packet" (E flag clear: authenticated, not encrypted)
    private static readonly byte[] TaggedSrtcpPacket128 = Hex.Parse(
        "81c8000d 4d617273 4e545031 4e545032" +
        "52545020 0000042a 0000e930 4c756e61" +
        "deadbeef deadbeef deadbeef deadbeef" +
        "deadbeef 841dd968 3dd78ec9 2ae58790" +
        "125f62b3 000005d4");

    // §17.4 "Verifying the following packet"
    private static readonly byte[] TaggedSrtcpPacket256 = Hex.Parse(
        "81c8000d 4d617273 4e545031 4e545032" +
        "52545020 0000042a 0000e930 4c756e61" +
        "deadbeef deadbeef deadbeef deadbeef" +
        "deadbeef 91db4afb feee5a97 8fab4393" +
        "ed2615fe 000005d4");

    public static TheoryData<bool, bool> KeySizesAndBackends() => new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Theory]
    [MemberData(nameof(KeySizesAndBackends))]
    public void Srtp_encryption_matches_section_16_x_1(bool aes256, bool portable)
    {
        using SrtpContext sender = Context(aes256, outbound: true, portable);
        byte[] buffer = SrtpTestPackets.WithRoom(RtpPacket);

        sender.TryProtectRtp(buffer, RtpPacket.Length, out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(aes256 ? SrtpPacket256 : SrtpPacket128));
    }

    [Theory]
    [MemberData(nameof(KeySizesAndBackends))]
    public void Srtp_decryption_matches_section_16_x_2(bool aes256, bool portable)
    {
        using SrtpContext receiver = Context(aes256, outbound: false, portable);

        SrtpTestPackets.Unprotect(receiver, aes256 ? SrtpPacket256 : SrtpPacket128, out byte[] plain).Should().Be(SrtpResult.Ok);

        Hex.Format(plain).Should().Be(Hex.Format(RtpPacket));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Srtcp_encryption_matches_section_17_1(bool portable)
    {
        using SrtpContext sender = Context(aes256: false, outbound: true, portable);
        sender.SetNextRtcpIndex(RtcpSsrc, RtcpIndex);
        byte[] buffer = SrtpTestPackets.WithRoom(RtcpPacket);

        sender.TryProtectRtcp(buffer, RtcpPacket.Length, out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(SrtcpPacket128));
    }

    [Theory]
    [MemberData(nameof(KeySizesAndBackends))]
    public void Srtcp_decryption_matches_sections_17_1_and_17_2(bool aes256, bool portable)
    {
        using SrtpContext receiver = Context(aes256, outbound: false, portable);

        SrtpTestPackets.UnprotectRtcp(receiver, aes256 ? SrtcpPacket256 : SrtcpPacket128, out byte[] plain).Should().Be(SrtpResult.Ok);

        Hex.Format(plain).Should().Be(Hex.Format(RtcpPacket));
    }

    [Theory]
    [MemberData(nameof(KeySizesAndBackends))]
    public void Tagged_only_srtcp_verifies_as_in_sections_17_3_and_17_4(bool aes256, bool portable)
    {
        using SrtpContext receiver = Context(aes256, outbound: false, portable);

        SrtpTestPackets.UnprotectRtcp(receiver, aes256 ? TaggedSrtcpPacket256 : TaggedSrtcpPacket128, out byte[] plain).Should().Be(SrtpResult.Ok);

        Hex.Format(plain).Should().Be(Hex.Format(RtcpPacket));
    }

    [Theory]
    [MemberData(nameof(KeySizesAndBackends))]
    public void Tagged_only_srtcp_with_a_wrong_tag_is_rejected(bool aes256, bool portable)
    {
        using SrtpContext receiver = Context(aes256, outbound: false, portable);
        byte[] forged = (byte[])(aes256 ? TaggedSrtcpPacket256 : TaggedSrtcpPacket128).Clone();
        forged[20] ^= 0x01; // inside the authenticated-but-clear RTCP body

        SrtpTestPackets.UnprotectRtcp(receiver, forged, out _).Should().Be(SrtpResult.AuthenticationFailed);
    }

    private static SrtpContext Context(bool aes256, bool outbound, bool portable)
    {
        byte[] key = aes256 ? Key256 : Key128;
        var keys = new SrtpSessionKeys(key, Salt, [], key, Salt, []);
        SrtpProfile profile = aes256 ? SrtpProfile.AeadAes256Gcm : SrtpProfile.AeadAes128Gcm;
        return SrtpContext.FromSessionKeys(profile, outbound, keys, SrtpContext.DefaultMaxSsrcs, SrtpTestPackets.Backend(portable));
    }
}
