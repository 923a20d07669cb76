using Sfu.Load.Media;
using Sfu.Load.Participants;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// The send-side bandwidth estimate of a download transport through the server (PROTOCOL.md §7.6, R96): it starts at
/// 600 kbit/s and moves with the transport-cc feedback the receiver returns about the packets it got.
/// </summary>
public sealed class BandwidthEstimationTests
{
    private const uint CameraSsrc = 61_111;
    private const long StartBitrate = 600_000;

    /// <summary>Frames per tick: about 2 Mbit/s of 1,100-byte frames at the pump's pace, well above the start estimate.</summary>
    private const int FramesPerTick = 3;

    [Fact]
    public async Task A_subscribers_transport_cc_feedback_lets_its_download_estimate_climb_above_the_600_kbit_start()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2, transportFeedback: true);
        Participant carol = await call.JoinAsync(3);
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("0", CameraSsrc, CameraSsrc + 1, "alice"));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Values.Any(c => c.Type == "camera") && carol.Consumers.Values.Any(c => c.Type == "camera"),
            "bob and carol consume alice's camera");
        (await call.DownloadEstimateAsync(2)).Should().Be(StartBitrate, "every download transport starts at 600 kbit/s");

        await using var pump = new FramePump(call, tick => SendFrames(call, alice, tick), intervalMs: 15);
        await MediaCall.WaitUntilAsync(async () => await call.DownloadEstimateAsync(2) > StartBitrate, "bob's download estimate climbed");

        call.Rtp[carol].Should().NotBeEmpty("carol received the same camera");
        (await call.DownloadEstimateAsync(3)).Should().Be(StartBitrate, "without feedback nothing moves the estimate");
    }

    /// <summary>Three whole 1,100-byte VP8 frames, the first of every tenth tick a key frame.</summary>
    private static void SendFrames(MediaCall call, Participant sender, int tick)
    {
        Span<byte> buffer = stackalloc byte[1500];
        for (int i = 0; i < FramesPerTick; i++)
        {
            int frame = tick * FramesPerTick + i;
            int length = SyntheticPackets.Vp8(buffer, (ushort)frame, (uint)(3000 * frame), CameraSsrc, "0", rid: null,
                keyFrame: frame % (10 * FramesPerTick) == 0, pictureId: frame, tl0PicIdx: frame, temporalLayer: 0, call.Loop.NowMs * 1000, 1100);
            sender.SendRtp(buffer, length);
        }
    }
}
