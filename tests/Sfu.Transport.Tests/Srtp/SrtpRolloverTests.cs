using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// The rollover counter (RFC 3711 §3.3.1, Appendix A): neither side sends it, both infer it, and a wrong
/// guess shows up as an authentication failure because the ROC is part of the IV and of the HMAC input.
/// </summary>
public sealed class SrtpRolloverTests
{
    private const uint Ssrc = 0x77777777;

    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Sequence_wrap_from_65535_to_0_increments_the_rollover_counter(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            foreach (ushort sequenceNumber in new ushort[] { 65534, 65535, 0, 1, 2 })
            {
                byte[] rtp = SrtpTestPackets.Rtp(Ssrc, sequenceNumber);
                SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, rtp), out byte[] plain).Should().Be(SrtpResult.Ok);
                Hex.Format(plain).Should().Be(Hex.Format(rtp));
            }

            // A sender that never saw the wrap protects sequence 3 with ROC 0; the receiver, now at ROC 1, refuses it.
            (SrtpContext freshSender, SrtpContext unused) = SrtpTestPackets.Pair(profile, portable);
            using (freshSender)
            using (unused)
            {
                byte[] withRocZero = SrtpTestPackets.Protect(freshSender, SrtpTestPackets.Rtp(Ssrc, 3));
                SrtpTestPackets.Unprotect(receiver, withRocZero, out _).Should().Be(SrtpResult.AuthenticationFailed);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Late_packets_from_before_the_wrap_decrypt_after_it(SrtpProfile profile)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        using (sender)
        using (receiver)
        {
            var sent = new Dictionary<ushort, byte[]>();
            foreach (ushort sequenceNumber in new ushort[] { 65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3 })
            {
                sent[sequenceNumber] = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, sequenceNumber));
            }

            // Arrival order: the wrap is seen first, then stragglers from both sides of it.
            foreach (ushort sequenceNumber in new ushort[] { 65530, 65531, 1, 65533, 0, 65535, 3, 65532, 2, 65534 })
            {
                SrtpTestPackets.Unprotect(receiver, sent[sequenceNumber], out byte[] plain).Should().Be(SrtpResult.Ok, "sequence {0}", sequenceNumber);
                Hex.Format(plain).Should().Be(Hex.Format(SrtpTestPackets.Rtp(Ssrc, sequenceNumber)));
            }
        }
    }

    [Fact]
    public void Several_wraps_in_large_steps_keep_sender_and_receiver_in_step()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.Aes128CmHmacSha1_80);
        using (sender)
        using (receiver)
        {
            ushort sequenceNumber = 0;
            for (int step = 0; step < 40; step++)
            {
                sequenceNumber += 20000; // under half the sequence space, so each step is "forward"
                byte[] srtp = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, sequenceNumber, 40));

                SrtpTestPackets.Unprotect(receiver, srtp, out _).Should().Be(SrtpResult.Ok, "step {0}", step);
            }
        }
    }

    [Fact]
    public void Sender_protects_a_retransmission_from_before_its_wrap_with_the_old_rollover_counter()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 65535)), out _).Should().Be(SrtpResult.Ok);
            SrtpTestPackets.Unprotect(receiver, SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 1)), out _).Should().Be(SrtpResult.Ok);

            byte[] retransmission = SrtpTestPackets.Protect(sender, SrtpTestPackets.Rtp(Ssrc, 65534));

            SrtpTestPackets.Unprotect(receiver, retransmission, out _).Should().Be(SrtpResult.Ok);
        }
    }
}
