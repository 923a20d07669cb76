using Sfu.Load.Media;
using Sfu.Load.Participants;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// Media through the whole server with src/Transport as the client (issue 4, client-mode integration): participants
/// join over the Odoo signaling, connect ICE/DTLS/SRTP to the server's media worker, publish synthetic opus and VP8,
/// and receive each other's streams as consumers.
/// </summary>
public sealed class MediaForwardingTests
{
    [Fact]
    public async Task Published_opus_and_VP8_reach_the_other_participant_rewritten_for_its_consumers()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, audio, camera) = await AudioAndCameraCallAsync(call);

        var received = call.Rtp[bob];
        await using (new FramePump(call, frame => SendFrame(call, alice, frame), intervalMs: 20))
        {
            await MediaCall.WaitUntilAsync(() => received.Count(p => p.Ssrc == audio.Ssrc) >= 50 && received.Any(p => p.Ssrc == camera.Ssrc),
                "bob received alice's audio and video");
        }

        ReceivedRtp[] audioPackets = [.. received.Where(p => p.Ssrc == audio.Ssrc)];
        audioPackets.Should().OnlyContain(p => p.PayloadType == audio.PayloadType && p.Mid == audio.Mid);
        audioPackets.Select(p => p.SequenceNumber).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        ((ushort)(audioPackets[^1].SequenceNumber - audioPackets[0].SequenceNumber)).Should().Be((ushort)(audioPackets.Length - 1),
            "forwarded sequence numbers are continuous (R90)");
        received.Where(p => p.Ssrc == camera.Ssrc).Should().OnlyContain(p => p.PayloadType == camera.PayloadType && p.Mid == camera.Mid);
        received.Should().NotContain(p => p.Ssrc == 11_111 || p.Ssrc == 22_222, "the server sends with the consumers' own SSRCs");
    }

    /// <summary>Alice publishes opus (SSRC 11111, MID 0) and VP8 (22222, MID 1); bob consumes both.</summary>
    internal static async Task<(Participant Alice, Participant Bob, ReceivedConsumer Audio, ReceivedConsumer Camera)> AudioAndCameraCallAsync(MediaCall call)
    {
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2);
        await alice.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", 11_111, "alice"));
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("1", 22_222, 22_223, "alice"));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Count == 2, "bob has two consumers");
        return (alice, bob, bob.Consumers.Values.Single(c => c.Type == "audio"), bob.Consumers.Values.Single(c => c.Type == "camera"));
    }

    /// <summary>Alice sends 20 ms of opus and one VP8 frame per tick, <paramref name="frames"/> ticks, the first frame a key frame.</summary>
    internal static async Task SendAsync(MediaCall call, Participant sender, int frames)
    {
        for (int i = 0; i < frames; i++)
        {
            int frame = i;
            await call.OnLoopAsync(() => SendFrame(call, sender, frame));
            await Task.Delay(20);
        }
    }

    /// <summary>Alice sends 20 ms of opus and one VP8 frame per tick.</summary>
    internal static void SendFrame(MediaCall call, Participant sender, int frame)
    {
        MediaFrames.SendOpus(call, sender, frame, 11_111, "0");
        MediaFrames.SendVp8(call, sender, frame, 22_222, "1");
    }
}
