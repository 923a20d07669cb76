using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// The reference packets of libsrtp's own self-test (srtp_driver.c: srtp_validate and srtp_validate_gcm),
/// which Chromium's SRTP stack must reproduce. RFC 3711 publishes no whole-packet vector, so these are the
/// interop evidence for AES-CM with HMAC-SHA1 from master keys; for GCM they pin the key derivation with a
/// 12-byte master salt padded with two zero bytes (DESIGN.md).
/// </summary>
public sealed class LibsrtpValidationTests
{
    private const uint Ssrc = 0xcafebabe;

    private static readonly byte[] RtpPacket = Hex.Parse("800f1234 decafbad cafebabe abababab abababab abababab abababab");
    private static readonly byte[] RtcpPacket = Hex.Parse("81c8000b cafebabe abababab abababab abababab abababab");

    // srtp_validate: AES_CM_128_HMAC_SHA1_80 for SRTP and SRTCP.
    private static readonly byte[] CmMasterKey = Hex.Parse("e1f97a0d3e018be0d64fa32c06de4139");
    private static readonly byte[] CmMasterSalt = Hex.Parse("0ec675ad498afeebb6960b3aabe6");
    private static readonly byte[] CmSrtp = Hex.Parse(
        "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402" +
        "b78d6acc 99ea179b 8dbb");
    private static readonly byte[] CmSrtcp = Hex.Parse(
        "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8" +
        "80000001 993e08cd 54d6c123 0798");

    // srtp_validate_gcm: AEAD_AES_128_GCM with a 12-byte master salt.
    private static readonly byte[] GcmMasterKey = Hex.Parse("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmMasterSalt = Hex.Parse("a0a1a2a3a4a5a6a7a8a9aaab");
    private static readonly byte[] GcmSrtp = Hex.Parse(
        "800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e" +
        "d2976826 f796b201 df3131a1 27e8a392");
    private static readonly byte[] GcmSrtcp = Hex.Parse(
        "81c8000b cafebabe c98b8b5d f0392a55 852b6c21 ac8e7025" +
        "c52c6fbe a2b3b446 ea31123b a88ce61e 80000001");

    public static TheoryData<SrtpProfile, bool> Cases() => new()
    {
        { SrtpProfile.Aes128CmHmacSha1_80, false },
        { SrtpProfile.Aes128CmHmacSha1_80, true },
        { SrtpProfile.AeadAes128Gcm, false },
        { SrtpProfile.AeadAes128Gcm, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Protecting_the_reference_rtp_packet_gives_libsrtps_bytes(SrtpProfile profile, bool portable)
    {
        using SrtpContext sender = Context(profile, outbound: true, portable);

        byte[] srtp = SrtpTestPackets.Protect(sender, RtpPacket);

        Hex.Format(srtp).Should().Be(Hex.Format(ExpectedSrtp(profile)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Libsrtps_reference_srtp_packet_unprotects(SrtpProfile profile, bool portable)
    {
        using SrtpContext receiver = Context(profile, outbound: false, portable);

        SrtpTestPackets.Unprotect(receiver, ExpectedSrtp(profile), out byte[] plain).Should().Be(SrtpResult.Ok);

        Hex.Format(plain).Should().Be(Hex.Format(RtpPacket));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Protecting_the_reference_rtcp_packet_gives_libsrtps_bytes(SrtpProfile profile, bool portable)
    {
        using SrtpContext sender = Context(profile, outbound: true, portable);
        // libsrtp numbers SRTCP from 1 (it increments before sending); RFC 3711 §3.4 and this context from 0.
        sender.SetNextRtcpIndex(Ssrc, 1);

        byte[] srtcp = SrtpTestPackets.ProtectRtcp(sender, RtcpPacket);

        Hex.Format(srtcp).Should().Be(Hex.Format(ExpectedSrtcp(profile)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Libsrtps_reference_srtcp_packet_unprotects(SrtpProfile profile, bool portable)
    {
        using SrtpContext receiver = Context(profile, outbound: false, portable);

        SrtpTestPackets.UnprotectRtcp(receiver, ExpectedSrtcp(profile), out byte[] plain).Should().Be(SrtpResult.Ok);

        Hex.Format(plain).Should().Be(Hex.Format(RtcpPacket));
    }

    private static byte[] ExpectedSrtp(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? GcmSrtp : CmSrtp;

    private static byte[] ExpectedSrtcp(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? GcmSrtcp : CmSrtcp;

    private static SrtpContext Context(SrtpProfile profile, bool outbound, bool portable)
    {
        bool gcm = profile == SrtpProfile.AeadAes128Gcm;
        return SrtpContext.Create(profile, outbound, gcm ? GcmMasterKey : CmMasterKey, gcm ? GcmMasterSalt : CmMasterSalt,
            SrtpContext.DefaultMaxSsrcs, SrtpTestPackets.Backend(portable));
    }
}
