using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>Any change to an authenticated byte, or other keys, makes unprotect refuse the packet.</summary>
public sealed class SrtpTamperTests
{
    private const uint Ssrc = 0x10203040;

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Flipped_bit_in_header_payload_or_tag_fails_authentication(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 1, payloadLength: 50, csrcCount: 1, extensionWords: 1));
            int[] positions = [1, 4, 13, 21, 24, 40, srtp.Length - 5, srtp.Length - 1]; // PT, timestamp, CSRC, extension, payload, tag

            foreach (int position in positions)
            {
                byte[] tampered = (byte[])srtp.Clone();
                tampered[position] ^= 0x04;

                SrtpTestPackets.Unprotect(receiver, tampered, out _).Should().Be(SrtpResult.AuthenticationFailed, "byte {0} was changed", position);
            }

            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Ok, "failures leave the stream ready for the genuine packet");
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Flipped_bit_in_srtcp_fails_authentication(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            byte[] srtcp = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));

            for (int position = 0; position < srtcp.Length; position++)
            {
                if (position is >= 4 and < 8)
                {
                    continue; // a changed SSRC is a different (new) stream: covered by the SSRC tests
                }

                byte[] tampered = (byte[])srtcp.Clone();
                tampered[position] ^= 0x10;

                SrtpTestPackets.UnprotectRtcp(receiver, tampered, out _).Should().NotBe(SrtpResult.Ok, "byte {0} was changed", position);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Packet_protected_with_other_keys_fails_authentication(SrtpProfile profile)
    {
        byte[] otherKey = SrtpTestPackets.MasterKey(profile);
        otherKey[0] ^= 1;
        using SrtpContext stranger = SrtpContext.ForOutbound(profile, otherKey, SrtpTestPackets.MasterSalt(profile));
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(stranger, SrtpTestPackets.Rtp(Ssrc, 1)), out _).Should().Be(SrtpResult.AuthenticationFailed);
            SrtpTestPackets.UnprotectRtcp(receiver, SrtpTestPackets.ProtectRtcp(stranger, SrtpTestPackets.Rtcp(Ssrc)), out _).Should().Be(SrtpResult.AuthenticationFailed);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Packets_too_short_to_hold_a_header_and_tag_are_malformed(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 1, payloadLength: 0));
            byte[] srtcp = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc)[..8]);

            receiver.TryUnprotectRtp(srtp, srtp.Length - 1, out _).Should().Be(SrtpResult.Malformed);
            receiver.TryUnprotectRtcp(srtcp, srtcp.Length - 1, out _).Should().Be(SrtpResult.Malformed);
            receiver.TryUnprotectRtp(srtp, srtp.Length + 1, out _).Should().Be(SrtpResult.Malformed, "the length runs past the buffer");
            receiver.TryUnprotectRtp(srtp, -1, out _).Should().Be(SrtpResult.Malformed);
        }
    }

    [Fact]
    public void Rtp_version_other_than_2_is_malformed()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 1));
            srtp[0] = (byte)((srtp[0] & 0x3F) | 0x40);

            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Malformed);
        }
    }

    [Fact]
    public void Header_extension_running_past_the_packet_is_malformed()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.Aes128CmHmacSha1_80);
        using (sender)
        using (receiver)
        {
            byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 1, payloadLength: 8, extensionWords: 1));
            srtp[15] = 200; // extension length in words, far beyond the packet

            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Malformed);
        }
    }
}
