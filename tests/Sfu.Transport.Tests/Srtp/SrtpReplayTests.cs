using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>RFC 3711 §3.3.2 replay protection with a 1,024-packet window, for SRTP and SRTCP.</summary>
public sealed class SrtpReplayTests
{
    private const uint Ssrc = 0x0BADCAFE;

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_srtp_packet_is_rejected(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 42));

            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Replayed);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_srtcp_packet_is_rejected(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            byte[] srtcp = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));

            SrtpTestPackets.UnprotectRtcp(receiver, srtcp, out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.UnprotectRtcp(receiver, srtcp, out _).Should().Be(SrtpResult.Replayed);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Srtp_packet_behind_the_window_is_too_old_and_the_oldest_inside_is_accepted(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] outside = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 100));
            byte[] oldestInside = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 101));
            byte[] newest = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 100 + ReplayWindow.Size));

            SrtpTestPackets.Unprotect(receiver, newest, out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.Unprotect(receiver, outside, out _).Should().Be(SrtpResult.TooOld);
            SrtpTestPackets.Unprotect(receiver, oldestInside, out _).Should().Be(SrtpResult.Ok);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Srtcp_packet_behind_the_window_is_too_old(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] old = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));
            sender.SetNextRtcpIndex(Ssrc, ReplayWindow.Size);
            byte[] recent = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));

            SrtpTestPackets.UnprotectRtcp(receiver, recent, out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.UnprotectRtcp(receiver, old, out _).Should().Be(SrtpResult.TooOld);
        }
    }

    [Fact]
    public void Reordered_packets_inside_the_window_are_each_accepted_once()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            byte[][] packets = [.. Enumerable.Range(0, 600).Select(i => SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, (ushort)(2000 + i), 20)))];
            int[] order = [.. Enumerable.Range(0, 600).OrderBy(i => (i * 389) % 600)];

            foreach (int i in order)
            {
                SrtpTestPackets.Unprotect(receiver, packets[i], out _).Should().Be(SrtpResult.Ok, "packet {0} arrives for the first time", i);
            }

            foreach (int i in order)
            {
                SrtpTestPackets.Unprotect(receiver, packets[i], out _).Should().Be(SrtpResult.Replayed, "packet {0} was already accepted", i);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_replay_is_refused_before_authentication_is_attempted(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 5));
            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Ok);
            srtp[^1] ^= 0xFF;

            SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Replayed);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_forged_packet_does_not_move_the_window(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] early = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 10));
            byte[] farAhead = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 10 + 2 * ReplayWindow.Size));
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 9)), out _).Should().Be(SrtpResult.Ok);
            farAhead[^1] ^= 0x01;

            SrtpTestPackets.Unprotect(receiver, farAhead, out _).Should().Be(SrtpResult.AuthenticationFailed);
            SrtpTestPackets.Unprotect(receiver, early, out _).Should().Be(SrtpResult.Ok);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_forged_srtcp_packet_does_not_move_the_window(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            byte[] first = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));
            byte[] second = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));
            sender.SetNextRtcpIndex(Ssrc, 5 * ReplayWindow.Size);
            byte[] farAhead = SrtpTestPackets.ProtectRtcp(sender, SrtpTestPackets.Rtcp(Ssrc));
            SrtpTestPackets.UnprotectRtcp(receiver, first, out _).Should().Be(SrtpResult.Ok);
            farAhead[12] ^= 0x01;

            SrtpTestPackets.UnprotectRtcp(receiver, farAhead, out _).Should().Be(SrtpResult.AuthenticationFailed);
            SrtpTestPackets.UnprotectRtcp(receiver, second, out _).Should().Be(SrtpResult.Ok);
        }
    }
}
