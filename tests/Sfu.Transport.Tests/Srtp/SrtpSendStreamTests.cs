using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// A sender that keeps its SSRC's <see cref="SrtpSendStream"/> between packets (a consumer does) gets exactly the
/// SRTP it would get by SSRC lookup, rollover counter included (RFC 3711 §3.3.1), and a handle that no longer fits
/// (another SSRC, another context, a forgotten SSRC) is replaced rather than misused.
/// </summary>
public sealed class SrtpSendStreamTests
{
    private const uint Ssrc = 0x5EED_0001;
    private const uint OtherSsrc = 0x5EED_0002;

    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_kept_handle_protects_byte_for_byte_as_the_lookup_does_across_the_sequence_wrap(SrtpProfile profile)
    {
        (SrtpContext byLookup, SrtpContext receiver) = SrtpTestPackets.Pair(profile);
        (SrtpContext byHandle, SrtpContext unused) = SrtpTestPackets.Pair(profile);
        using (byLookup)
        using (receiver)
        using (byHandle)
        using (unused)
        {
            SrtpSendStream? handle = null;
            // A late packet from before the wrap (65,533 after 1) must keep ROC 0 on both paths.
            foreach (ushort sequenceNumber in new ushort[] { 65530, 65534, 65535, 0, 1, 65533, 2, 3 })
            {
                byte[] rtp = SrtpTestPackets.Rtp(Ssrc, sequenceNumber);
                byte[] expected = SrtpTestPackets.Protect(byLookup, rtp);
                byte[] buffer = SrtpTestPackets.WithRoom(rtp);
                byHandle.TryProtectRtp(buffer, rtp.Length, ref handle, out int length).Should().BeTrue();

                Hex.Format(buffer[..length]).Should().Be(Hex.Format(expected), "sequence {0}", sequenceNumber);
                SrtpTestPackets.Unprotect(receiver, expected, out _).Should().Be(SrtpResult.Ok, "sequence {0}", sequenceNumber);
                handle!.Ssrc.Should().Be(Ssrc);
            }
        }
    }

    [Fact]
    public void A_handle_for_another_ssrc_is_replaced_and_the_first_ssrc_keeps_its_rollover_counter()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            SrtpSendStream first = SendAcrossTheWrap(sender, receiver);
            SrtpSendStream? handle = first;

            ProtectAndCheck(sender, receiver, ref handle, OtherSsrc, 10);
            handle.Should().NotBeSameAs(first);
            handle!.Ssrc.Should().Be(OtherSsrc);

            // Had the other SSRC's packet moved the first one's state, sequence 1 would not get ROC 1 and would fail.
            SrtpSendStream? firstAgain = first;
            ProtectAndCheck(sender, receiver, ref firstAgain, Ssrc, 1);
            firstAgain.Should().BeSameAs(first);
        }
    }

    [Fact]
    public void A_handle_of_an_earlier_context_is_replaced_by_the_current_contexts_state()
    {
        (SrtpContext oldKeys, SrtpContext oldReceiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        (SrtpContext newKeys, SrtpContext newReceiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (oldKeys)
        using (oldReceiver)
        using (newKeys)
        using (newReceiver)
        {
            SrtpSendStream old = SendAcrossTheWrap(oldKeys, oldReceiver);
            SrtpSendStream? handle = old;

            // A new DTLS handshake means a new context, whose stream starts at ROC 0 like its receiver's.
            ProtectAndCheck(newKeys, newReceiver, ref handle, Ssrc, 1);
            handle.Should().NotBeSameAs(old);
        }
    }

    [Fact]
    public void A_removed_ssrc_detaches_the_handle_its_sender_still_holds_and_starts_over()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            SrtpSendStream removed = SendAcrossTheWrap(sender, receiver);
            SrtpSendStream? handle = removed;

            sender.RemoveSsrc(Ssrc).Should().BeTrue();
            receiver.RemoveSsrc(Ssrc).Should().BeTrue();

            // Both ends forgot the SSRC: its next packet starts a stream at ROC 0 again, on a fresh state.
            ProtectAndCheck(sender, receiver, ref handle, Ssrc, 1);
            handle.Should().NotBeSameAs(removed);
        }
    }

    [Fact]
    public void The_ssrc_bound_holds_for_senders_with_handles_too()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm, senderMaxSsrcs: 1);
        using (sender)
        using (receiver)
        {
            SrtpSendStream? handle = null;
            ProtectAndCheck(sender, receiver, ref handle, Ssrc, 7);

            SrtpSendStream? second = null;
            byte[] rtp = SrtpTestPackets.Rtp(OtherSsrc, 8);
            byte[] buffer = SrtpTestPackets.WithRoom(rtp);
            sender.TryProtectRtp(buffer, rtp.Length, ref second, out _).Should().BeFalse("a second SSRC is over the bound of one");
            second.Should().BeNull();
            buffer.AsSpan(0, rtp.Length).SequenceEqual(rtp).Should().BeTrue("a refused packet is left untouched");
        }
    }

    [Fact]
    public void Protecting_with_a_kept_handle_allocates_nothing()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            byte[] rtp = SrtpTestPackets.Rtp(Ssrc, 100, payloadLength: 1100);
            byte[] buffer = SrtpTestPackets.WithRoom(rtp);
            SrtpSendStream? handle = null;
            sender.TryProtectRtp(buffer, rtp.Length, ref handle, out _).Should().BeTrue();

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (ushort sequenceNumber = 101; sequenceNumber < 1101; sequenceNumber++)
            {
                rtp.CopyTo(buffer, 0);
                buffer[2] = (byte)(sequenceNumber >> 8);
                buffer[3] = (byte)sequenceNumber;
                sender.TryProtectRtp(buffer, rtp.Length, ref handle, out _);
            }

            (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        }
    }

    /// <summary>Sequence 65,535 then 0 on a fresh handle: the stream is at ROC 1 afterwards.</summary>
    private static SrtpSendStream SendAcrossTheWrap(SrtpContext sender, SrtpContext receiver)
    {
        SrtpSendStream? handle = null;
        ProtectAndCheck(sender, receiver, ref handle, Ssrc, 65535);
        ProtectAndCheck(sender, receiver, ref handle, Ssrc, 0);
        return handle!;
    }

    private static void ProtectAndCheck(SrtpContext sender, SrtpContext receiver, ref SrtpSendStream? handle, uint ssrc, ushort sequenceNumber)
    {
        byte[] rtp = SrtpTestPackets.Rtp(ssrc, sequenceNumber);
        byte[] buffer = SrtpTestPackets.WithRoom(rtp);
        sender.TryProtectRtp(buffer, rtp.Length, ref handle, out int length).Should().BeTrue();
        SrtpTestPackets.Unprotect(receiver, buffer[..length], out byte[] plain).Should().Be(SrtpResult.Ok, "ssrc {0:x8} sequence {1}", ssrc, sequenceNumber);
        Hex.Format(plain).Should().Be(Hex.Format(rtp));
    }
}
