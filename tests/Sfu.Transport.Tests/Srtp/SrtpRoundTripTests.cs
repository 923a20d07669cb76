using System.Buffers.Binary;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>Protect then unprotect gives back the packet, for every profile, header shape and backend.</summary>
public sealed class SrtpRoundTripTests
{
    // (CSRC count, extension words, padding bytes, payload bytes)
    private static readonly (int Csrcs, int ExtensionWords, int Padding, int Payload)[] Shapes =
    [
        (0, 0, 0, 160),
        (0, 0, 0, 0),
        (0, 0, 0, 1),
        (0, 0, 0, 1200),
        (3, 0, 0, 100),
        (15, 0, 0, 17),
        (0, 1, 0, 100),
        (0, 6, 0, 1000),
        (0, 0, 4, 100),
        (0, 0, 255, 33),
        (2, 3, 7, 555),
    ];

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Rtp_round_trips_with_and_without_csrcs_extensions_and_padding(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            ushort sequenceNumber = 1000;
            foreach ((int csrcs, int extensionWords, int padding, int payload) in Shapes)
            {
                byte[] rtp = SrtpTestPackets.Rtp(0x11223344, sequenceNumber++, payload, csrcs, extensionWords, padding);

                byte[] srtp = SrtpTestPackets.Protect(sender, rtp);
                SrtpResult result = SrtpTestPackets.Unprotect(receiver, srtp, out byte[] plain);

                srtp.Length.Should().Be(rtp.Length + SrtpProfileInfo.AuthTagLength(profile));
                result.Should().Be(SrtpResult.Ok);
                Hex.Format(plain).Should().Be(Hex.Format(rtp));
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Rtcp_round_trips(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            foreach (byte[] rtcp in new[] { SrtpTestPackets.Rtcp(0xAABBCCDD), SrtpTestPackets.Rtcp(0xAABBCCDD, 0x11)[..8], SrtpTestPackets.Rtcp(0x01020304, 0x33) })
            {
                byte[] srtcp = SrtpTestPackets.ProtectRtcp(sender, rtcp);
                SrtpResult result = SrtpTestPackets.UnprotectRtcp(receiver, srtcp, out byte[] plain);

                srtcp.Length.Should().Be(rtcp.Length + SrtpProfileInfo.SrtcpOverhead(profile));
                result.Should().Be(SrtpResult.Ok);
                Hex.Format(plain).Should().Be(Hex.Format(rtcp));
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Protected_rtp_keeps_the_header_clear_and_hides_the_payload(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] rtp = SrtpTestPackets.Rtp(0x11223344, 7, payloadLength: 64, csrcCount: 2, extensionWords: 2);
            int headerLength = 12 + 8 + 12;

            byte[] srtp = SrtpTestPackets.Protect(sender, rtp);

            Hex.Format(srtp.AsSpan(0, headerLength)).Should().Be(Hex.Format(rtp.AsSpan(0, headerLength)));
            Hex.Format(srtp.AsSpan(headerLength, 64)).Should().NotBe(Hex.Format(rtp.AsSpan(headerLength, 64)));
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Protected_rtcp_keeps_eight_bytes_clear_sets_the_e_flag_and_counts_from_zero(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] rtcp = SrtpTestPackets.Rtcp(0xAABBCCDD);
            int tagLength = SrtpProfileInfo.SrtcpAuthTagLength(profile);

            for (uint expectedIndex = 0; expectedIndex < 3; expectedIndex++)
            {
                byte[] srtcp = SrtpTestPackets.ProtectRtcp(sender, rtcp);

                // RFC 3711 §3.4 puts E || index before the tag, RFC 7714 §9.2 after it.
                int wordOffset = SrtpProfileInfo.IsAead(profile) ? srtcp.Length - 4 : srtcp.Length - tagLength - 4;
                BinaryPrimitives.ReadUInt32BigEndian(srtcp.AsSpan(wordOffset)).Should().Be(0x8000_0000u | expectedIndex);
                Hex.Format(srtcp.AsSpan(0, 8)).Should().Be(Hex.Format(rtcp.AsSpan(0, 8)));
                Hex.Format(srtcp.AsSpan(8, 24)).Should().NotBe(Hex.Format(rtcp.AsSpan(8, 24)));
            }
        }
    }

    [Fact]
    public void Srtcp_index_is_kept_per_sender_ssrc()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(1));
            SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(1));
            byte[] firstOfSecondSsrc = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(2));

            BinaryPrimitives.ReadUInt32BigEndian(firstOfSecondSsrc.AsSpan(firstOfSecondSsrc.Length - 4)).Should().Be(0x8000_0000u);
        }
    }

    [Fact]
    public void Aes_cm_32_uses_a_4_byte_srtp_tag_but_a_10_byte_srtcp_tag()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.Aes128CmHmacSha1_32);
        using (sender)
        using (receiver)
        {
            byte[] rtp = SrtpTestPackets.Rtp(5, 5);
            byte[] rtcp = SrtpTestPackets.Rtcp(5);

            SrtpTestPackets.Protect(sender, rtp).Length.Should().Be(rtp.Length + 4);
            SrtpTestPackets.ProtectRtcp(sender, rtcp).Length.Should().Be(rtcp.Length + 4 + 10);
            sender.RtpOverhead.Should().Be(4);
            sender.RtcpOverhead.Should().Be(14);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Hardware_and_portable_backends_produce_the_same_packets(SrtpProfile profile)
    {
        (SrtpContext hardware, SrtpContext hardwareReceiver) = SrtpTestPackets.Pair(profile, portable: false);
        (SrtpContext portable, SrtpContext portableReceiver) = SrtpTestPackets.Pair(profile, portable: true);
        using (hardware)
        using (hardwareReceiver)
        using (portable)
        using (portableReceiver)
        {
            for (int i = 0; i < 20; i++)
            {
                byte[] rtp = SrtpTestPackets.Rtp(0x5150, (ushort)(65530 + i), payloadLength: 37 * i, csrcCount: i % 3, extensionWords: i % 2);
                byte[] rtcp = SrtpTestPackets.Rtcp(0x5150, (byte)i);

                Hex.Format(SrtpTestPackets.Protect(hardware, rtp)).Should().Be(Hex.Format(SrtpTestPackets.Protect(portable, rtp)));
                Hex.Format(SrtpTestPackets.ProtectRtcp(hardware, rtcp)).Should().Be(Hex.Format(SrtpTestPackets.ProtectRtcp(portable, rtcp)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_refuses_a_buffer_without_room_for_the_tag_and_leaves_it_untouched(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] rtp = SrtpTestPackets.Rtp(9, 9);
            byte[] buffer = [.. rtp, .. new byte[sender.RtpOverhead - 1]];

            sender.TryProtectRtp(buffer, rtp.Length, out int length).Should().BeFalse();

            length.Should().Be(0);
            Hex.Format(buffer.AsSpan(0, rtp.Length)).Should().Be(Hex.Format(rtp));
        }
    }
}
