using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>
/// The per-packet path allocates nothing once a stream exists (DESIGN.md). Counted with the thread's
/// allocation counter, which is exact, not timed.
/// </summary>
public sealed class SrtpAllocationTests
{
    [Theory]
    [MemberData(nameof(SrtpTestPackets.ProfilesAndBackends), MemberType = typeof(SrtpTestPackets))]
    public void Protect_and_unprotect_allocate_nothing_after_the_first_packet_of_a_stream(SrtpProfile profile, bool portable)
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(profile, portable);
        using (sender)
        using (receiver)
        {
            byte[] buffer = SrtpTestPackets.WithRoom(SrtpTestPackets.Rtp(0xA110C, 0, payloadLength: 1200));
            byte[] rtcpBuffer = SrtpTestPackets.WithRoom(SrtpTestPackets.Rtcp(0xA110C));
            int rtpLength = buffer.Length - 32;
            RoundTrip(sender, receiver, buffer, rtpLength, rtcpBuffer, 0, 200); // first packets and JIT warm-up

            long before = GC.GetAllocatedBytesForCurrentThread();
            RoundTrip(sender, receiver, buffer, rtpLength, rtcpBuffer, 200, 1000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            allocated.Should().Be(0);
        }
    }

    private static void RoundTrip(SrtpContext sender, SrtpContext receiver, byte[] buffer, int rtpLength, byte[] rtcpBuffer, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            buffer[2] = (byte)(i >> 8);
            buffer[3] = (byte)i;
            sender.TryProtectRtp(buffer, rtpLength, out int length);
            SrtpResult result = receiver.TryUnprotectRtp(buffer, length, out _);
            sender.TryProtectRtcp(rtcpBuffer, 32, out int rtcpLength);
            SrtpResult rtcpResult = receiver.TryUnprotectRtcp(rtcpBuffer, rtcpLength, out _);
            if (result != SrtpResult.Ok || rtcpResult != SrtpResult.Ok)
            {
                throw new InvalidOperationException($"Round trip {i} failed: {result}, {rtcpResult}.");
            }
        }
    }
}
