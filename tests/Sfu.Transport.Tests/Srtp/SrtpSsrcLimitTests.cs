using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>A context tracks a bounded number of SSRCs; only authenticated packets take a slot.</summary>
public sealed class SrtpSsrcLimitTests
{
    [Fact]
    public void Inbound_context_refuses_a_new_ssrc_beyond_its_limit_but_keeps_serving_the_known_ones()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm, receiverMaxSsrcs: 2);
        using (sender)
        using (receiver)
        {
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(1, 1)), out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(2, 1)), out _).Should().Be(SrtpResult.Ok);

            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(3, 1)), out _).Should().Be(SrtpResult.UnknownSsrc);
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(1, 2)), out _).Should().Be(SrtpResult.Ok);
        }
    }

    [Fact]
    public void Rtcp_ssrcs_have_their_own_limit()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.Aes128CmHmacSha1_80, receiverMaxSsrcs: 1, senderMaxSsrcs: 1);
        using (sender)
        using (receiver)
        {
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(1, 1)), out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.UnprotectRtcp(receiver, SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(9)), out _).Should().Be(SrtpResult.Ok);

            byte[] rtcpBuffer = SrtpTestPackets.WithRoom(SrtpTestPackets.Rtcp(10));
            sender.TryProtectRtcp(rtcpBuffer, 32, out _).Should().BeFalse();
        }
    }

    [Fact]
    public void Outbound_context_refuses_to_protect_for_a_new_ssrc_beyond_its_limit()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes256Gcm, senderMaxSsrcs: 1);
        using (sender)
        using (receiver)
        {
            SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(1, 1));
            byte[] buffer = SrtpTestPackets.WithRoom(SrtpTestPackets.Rtp(2, 1));

            sender.TryProtectRtp(buffer, buffer.Length - 32, out _).Should().BeFalse();
        }
    }

    [Fact]
    public void Forged_packets_with_new_ssrcs_take_no_slot()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm, receiverMaxSsrcs: 2, senderMaxSsrcs: 200);
        using (sender)
        using (receiver)
        {
            for (uint ssrc = 100; ssrc < 200; ssrc++)
            {
                byte[] forged = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(ssrc, 1));
                forged[^1] ^= 1;
                SrtpTestPackets.Unprotect(receiver, forged, out _).Should().Be(SrtpResult.AuthenticationFailed);
            }

            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(1, 1)), out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(2, 1)), out _).Should().Be(SrtpResult.Ok);
        }
    }

    [Fact]
    public void Removing_an_ssrc_frees_its_slot_and_forgets_its_state()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.Aes128CmHmacSha1_32, receiverMaxSsrcs: 1);
        using (sender)
        using (receiver)
        {
            byte[] first = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(1, 1));
            SrtpTestPackets.Unprotect(receiver, first, out _).Should().Be(SrtpResult.Ok);

            receiver.RemoveSsrc(1).Should().BeTrue();
            receiver.RemoveSsrc(1).Should().BeFalse();

            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(2, 1)), out _).Should().Be(SrtpResult.Ok);
        }
    }
}
