using System.Text.Json.Nodes;
using Sfu.Load.Media;
using Sfu.Load.Participants;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// What a receiver sees of a stream across a pause and resume of its consumer (CONSUMPTION_CHANGE, §5.4) while the
/// sender never stops: no hole in the sequence numbers (R90), the sender's timestamps unchanged (R90), video back on
/// a key frame (R89) with continuous VP8 picture ids (R92), audio back at once.
/// </summary>
public sealed class ConsumerContinuityTests
{
    private const uint AudioSsrc = 33_333;
    private const uint CameraSsrc = 44_444;
    private const uint AudioTicksPerFrame = MediaFrames.OpusTicksPerFrame;
    private const uint VideoTicksPerFrame = MediaFrames.Vp8TicksPerFrame;

    /// <summary>Frames in a row that must reach nobody before the consumers count as paused.</summary>
    private const int QuietFrames = 20;

    /// <summary>
    /// The last frames of the quiet stretch may still wait in the worker's socket when the resume reaches the router
    /// (it runs its posted work before reading packets) and then go out after it: at least half the stretch is skipped.
    /// </summary>
    private const int SkippedFramesAtLeast = QuietFrames / 2;

    [Fact]
    public async Task Paused_and_resumed_consumers_continue_their_numbering_without_holes_and_keep_the_senders_timestamps()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2);
        await alice.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", AudioSsrc, "alice"));
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("1", CameraSsrc, CameraSsrc + 1, "alice"));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Count == 2, "bob consumes alice's audio and camera");
        ReceivedConsumer audio = bob.Consumers.Values.Single(c => c.Type == "audio");
        ReceivedConsumer camera = bob.Consumers.Values.Single(c => c.Type == "camera");
        Func<ReceivedRtp[]> audioPackets = () => [.. call.Rtp[bob].Where(p => p.Ssrc == audio.Ssrc)];
        Func<ReceivedRtp[]> cameraPackets = () => [.. call.Rtp[bob].Where(p => p.Ssrc == camera.Ssrc)];

        await using (var pump = new FramePump(call, frame => SendFrame(call, alice, frame), intervalMs: 20))
        {
            await MediaCall.WaitUntilAsync(() => audioPackets().Length >= 20 && cameraPackets().Length >= 20, "bob received audio and camera");

            await ChangeConsumptionAsync(bob, active: false);
            await pump.WaitUntilNothingArrivesAsync(() => call.Rtp[bob].Count, QuietFrames, "bob's consumers of alice are paused");
            int before = call.Rtp[bob].Count;

            await ChangeConsumptionAsync(bob, active: true);
            await MediaCall.WaitUntilAsync(() => call.Rtp[bob].Skip(before).Count(p => p.Ssrc == audio.Ssrc) >= 20
                && call.Rtp[bob].Skip(before).Count(p => p.Ssrc == camera.Ssrc) >= 20, "bob receives alice again");
        }

        ReceivedRtp[] video = cameraPackets();
        ShouldBeContinuousWithOnePause(video, VideoTicksPerFrame);
        ReceivedRtp resumed = video[PauseIndex(video, VideoTicksPerFrame) + 1];
        resumed.IsVp8KeyFrame.Should().BeTrue("a resumed video consumer starts on a key frame (R89)");
        video.Select(p => p.Vp8PictureId).Should().Equal(Enumerable.Range(video[0].Vp8PictureId, video.Length).Select(id => id & 0x7FFF),
            "VP8 picture ids stay continuous across the pause (R92)");
        ShouldBeContinuousWithOnePause(audioPackets(), AudioTicksPerFrame);
    }

    /// <summary>Sequence numbers +1 each packet; timestamps are the sender's (whole frames), rising, with one jump: the pause.</summary>
    private static void ShouldBeContinuousWithOnePause(ReceivedRtp[] packets, uint ticksPerFrame)
    {
        for (int i = 1; i < packets.Length; i++)
        {
            packets[i].SequenceNumber.Should().Be((ushort)(packets[i - 1].SequenceNumber + 1), "forwarded sequence numbers have no holes (R90), packet {0}", i);
        }

        packets.Should().OnlyContain(p => p.Timestamp % ticksPerFrame == 0, "a simple consumer keeps the sender's timestamps (R90)");
        int pause = PauseIndex(packets, ticksPerFrame);
        pause.Should().BeGreaterThan(0, "the receiver got packets before the pause");
        uint framesSkipped = (packets[pause + 1].Timestamp - packets[pause].Timestamp) / ticksPerFrame - 1;
        framesSkipped.Should().BeGreaterThanOrEqualTo(SkippedFramesAtLeast, "what was sent during the pause was not forwarded");
        for (int i = 1; i < packets.Length; i++)
        {
            if (i != pause + 1)
            {
                (packets[i].Timestamp - packets[i - 1].Timestamp).Should().Be(ticksPerFrame, "one frame per packet outside the pause, packet {0}", i);
            }
        }
    }

    /// <summary>The last packet before the jump in timestamps that the pause left.</summary>
    private static int PauseIndex(ReceivedRtp[] packets, uint ticksPerFrame)
    {
        for (int i = 1; i < packets.Length; i++)
        {
            if (packets[i].Timestamp - packets[i - 1].Timestamp > ticksPerFrame)
            {
                return i - 1;
            }
        }

        return -1;
    }

    private static Task ChangeConsumptionAsync(Participant receiver, bool active) =>
        receiver.Signaling.SendMessageAsync("CONSUMPTION_CHANGE", new JsonObject
        {
            ["sessionId"] = 1,
            ["states"] = new JsonObject { ["audio"] = active, ["camera"] = active },
        });

    /// <summary>20 ms of opus and one VP8 frame per tick.</summary>
    private static void SendFrame(MediaCall call, Participant sender, int frame)
    {
        MediaFrames.SendOpus(call, sender, frame, AudioSsrc, "0");
        MediaFrames.SendVp8(call, sender, frame, CameraSsrc, "1");
    }
}
