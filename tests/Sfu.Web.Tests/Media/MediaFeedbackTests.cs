using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Rtcp;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// RTCP through the whole server with client-mode participants (issue 4): NACK answered with RTX (R94), a receiver's
/// PLI turned into a key-frame request to the sender (R97), and a paused producer forwarding nothing (§5.4).
/// </summary>
public sealed class MediaFeedbackTests
{
    private const uint CameraSsrc = 22_222;

    [Fact]
    public async Task A_NACK_from_the_receiver_is_answered_with_an_RTX_retransmission_of_that_packet()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, camera) = await CameraCallAsync(call);
        var received = call.Rtp[bob];
        await SendCameraUntilAsync(call, alice, () => received.Count(p => p.Ssrc == camera.Ssrc) >= 10, "bob received the camera");
        ReceivedRtp lost = received.First(p => p.Ssrc == camera.Ssrc);

        await call.OnLoopAsync(() =>
        {
            Span<byte> buffer = stackalloc byte[128];
            RtcpGenericNack.TryWrite(buffer[..64], 1, camera.Ssrc, [lost.SequenceNumber], out int length);
            bob.SendDownloadRtcp(buffer, length);
        });

        await MediaCall.WaitUntilAsync(() => received.Any(p => p.Ssrc == camera.RtxSsrc), "bob received an RTX packet");
        ReceivedRtp rtx = received.First(p => p.Ssrc == camera.RtxSsrc);
        rtx.PayloadType.Should().Be(camera.RtxPayloadType!.Value);
        BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload).Should().Be(lost.SequenceNumber, "RFC 4588 §4: the original sequence number leads the payload");
        rtx.Payload.AsSpan(2).ToArray().Should().Equal(lost.Payload);
        rtx.Timestamp.Should().Be(lost.Timestamp, "RFC 4588 §4: the retransmission keeps the original timestamp");
    }

    [Fact]
    public async Task Two_receivers_NACKing_the_same_packet_each_get_it_rebuilt_with_their_own_numbering()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, bobCamera) = await CameraCallAsync(call);
        Participant carol = await call.JoinAsync(3);
        await MediaCall.WaitUntilAsync(() => carol.Consumers.Values.Any(c => c.Type == "camera"), "carol consumes alice's camera");
        ReceivedConsumer carolCamera = carol.Consumers.Values.Single(c => c.Type == "camera");
        var toBob = call.Rtp[bob];
        var toCarol = call.Rtp[carol];
        await SendCameraUntilAsync(call, alice,
            () => toBob.Count(p => p.Ssrc == bobCamera.Ssrc) >= 10 && toCarol.Count(p => p.Ssrc == carolCamera.Ssrc) >= 10, "both received the camera");
        // The same packet of alice's, as each receiver got it: the last one bob got, once carol has it too (same payload).
        ReceivedRtp bobLost = toBob.Last(p => p.Ssrc == bobCamera.Ssrc);
        await MediaCall.WaitUntilAsync(() => toCarol.Any(p => p.Ssrc == carolCamera.Ssrc && p.Payload.AsSpan().SequenceEqual(bobLost.Payload)),
            "carol received the packet bob got last");
        ReceivedRtp carolLost = toCarol.Last(p => p.Ssrc == carolCamera.Ssrc && p.Payload.AsSpan().SequenceEqual(bobLost.Payload));

        await call.OnLoopAsync(() =>
        {
            Span<byte> buffer = stackalloc byte[128];
            RtcpGenericNack.TryWrite(buffer[..64], 1, bobCamera.Ssrc, [bobLost.SequenceNumber], out int length);
            bob.SendDownloadRtcp(buffer, length);
            RtcpGenericNack.TryWrite(buffer[64..], 1, carolCamera.Ssrc, [carolLost.SequenceNumber], out length);
            carol.SendDownloadRtcp(buffer[64..], length);
        });

        await MediaCall.WaitUntilAsync(() => toBob.Any(p => p.Ssrc == bobCamera.RtxSsrc) && toCarol.Any(p => p.Ssrc == carolCamera.RtxSsrc),
            "both received an RTX packet");
        foreach ((ReceivedRtp lost, ReceivedRtp rtx) in new[]
        {
            (bobLost, toBob.First(p => p.Ssrc == bobCamera.RtxSsrc)),
            (carolLost, toCarol.First(p => p.Ssrc == carolCamera.RtxSsrc)),
        })
        {
            BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload).Should().Be(lost.SequenceNumber, "each receiver's own sequence number leads its RTX payload");
            rtx.Timestamp.Should().Be(lost.Timestamp);
            rtx.Payload.AsSpan(2).ToArray().Should().Equal(lost.Payload);
        }
    }

    [Fact]
    public async Task A_PLI_from_the_receiver_reaches_the_sender_for_its_own_SSRC()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, camera) = await CameraCallAsync(call);
        await SendCameraUntilAsync(call, alice, () => call.Rtp[bob].Any(p => p.Ssrc == camera.Ssrc), "bob received the camera");
        call.UploadRtcp[alice].Clear();

        await call.OnLoopAsync(() =>
        {
            Span<byte> buffer = stackalloc byte[64];
            RtcpPictureLossIndication.TryWrite(buffer[..32], 1, camera.Ssrc, out int length);
            bob.SendDownloadRtcp(buffer, length);
        });

        await MediaCall.WaitUntilAsync(() => call.UploadRtcp[alice].Any(IsPliFor(CameraSsrc)), "alice was asked for a key frame");
    }

    [Fact]
    public async Task A_paused_producer_forwards_nothing_while_its_sender_keeps_sending()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, camera) = await CameraCallAsync(call);
        var received = call.Rtp[bob];
        Func<int> cameraCount = () => received.Count(p => p.Ssrc == camera.Ssrc);
        await using var pump = new FramePump(call, frame => SendCameraFrame(call, alice, frame), intervalMs: 15);
        await MediaCall.WaitUntilAsync(() => cameraCount() > 0, "bob received the camera");

        await alice.Signaling.SendMessageAsync("PRODUCTION_CHANGE", new JsonObject { ["type"] = "camera", ["active"] = false });
        await pump.WaitUntilNothingArrivesAsync(cameraCount, frames: 20, "nothing more of the paused camera reaches bob");
        int before = received.Count;
        await pump.WaitForFramesAsync(20);
        int resumeAskedAt = pump.FramesSent;
        await alice.Signaling.SendMessageAsync("PRODUCTION_CHANGE", new JsonObject { ["type"] = "camera", ["active"] = true });
        await MediaCall.WaitUntilAsync(() => received.Skip(before).Any(p => p.Ssrc == camera.Ssrc), "the resumed camera reaches bob");

        // The resume is the barrier. The last frames before it may still wait in the worker's socket when the resume
        // reaches the router and go out after it; the 10 frames before those were sent well inside the pause.
        int pausedFrom = resumeAskedAt - 20, inFlightFrom = resumeAskedAt - 10;
        received.Skip(before).Where(p => p.Ssrc == camera.Ssrc).Should().OnlyContain(p => p.Timestamp >= (uint)(3000 * inFlightFrom),
            "frames {0} to {1}, sent while the producer was paused, are never forwarded", pausedFrom, inFlightFrom - 1);
    }

    [Fact]
    public async Task A_gap_in_what_a_sender_sends_is_NACKed_back_to_it()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, _, _) = await CameraCallAsync(call);

        // Frame 5 never leaves alice: the server must ask for its sequence number (R86).
        await SendCameraAsync(call, alice, frames: 5);
        await SendCameraAsync(call, alice, frames: 10, firstFrame: 6);

        await MediaCall.WaitUntilAsync(() => call.UploadRtcp[alice].Any(IsNackFor(CameraSsrc, 5005)), "alice was NACKed for the missing packet");
    }

    private static Func<byte[], bool> IsNackFor(uint mediaSsrc, ushort sequenceNumber) => packet =>
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out RtcpPacket rtcp))
        {
            if (rtcp.Kind == RtcpPacketKind.GenericNack && RtcpGenericNack.TryParse(rtcp, out var nack) && nack.MediaSsrc == mediaSsrc)
            {
                foreach (ushort lost in nack.LostSequenceNumbers)
                {
                    if (lost == sequenceNumber)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    };

    private static Func<byte[], bool> IsPliFor(uint mediaSsrc) => packet =>
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.TryReadNext(out RtcpPacket rtcp))
        {
            if (rtcp.Kind == RtcpPacketKind.PictureLossIndication && RtcpPictureLossIndication.TryParse(rtcp, out var pli) && pli.MediaSsrc == mediaSsrc)
            {
                return true;
            }
        }

        return false;
    };

    private static async Task<(Participant Alice, Participant Bob, ReceivedConsumer Camera)> CameraCallAsync(MediaCall call)
    {
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2);
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("0", CameraSsrc, CameraSsrc + 1, "alice"));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Values.Any(c => c.Type == "camera"), "bob consumes alice's camera");
        return (alice, bob, bob.Consumers.Values.Single(c => c.Type == "camera"));
    }

    /// <summary>
    /// The sender sends camera frames (a key frame every 10, as an encoder answering key-frame requests) until
    /// <paramref name="condition"/> holds. A receiver's consumer forwards only once the server has resumed it, a
    /// signalling round trip after its INIT_CONSUMER, and then from a key frame on (R89): on a busy machine a fixed
    /// handful of frames can all go out before that.
    /// </summary>
    private static async Task SendCameraUntilAsync(MediaCall call, Participant sender, Func<bool> condition, string what)
    {
        await using var pump = new FramePump(call, frame => SendCameraFrame(call, sender, frame), intervalMs: 15);
        await MediaCall.WaitUntilAsync(condition, what);
    }

    private static async Task SendCameraAsync(MediaCall call, Participant sender, int frames, int firstFrame = 0)
    {
        for (int frame = firstFrame; frame < firstFrame + frames; frame++)
        {
            int current = frame;
            await call.OnLoopAsync(() => SendCameraFrame(call, sender, current));
            await Task.Delay(15);
        }
    }

    private static void SendCameraFrame(MediaCall call, Participant sender, int frame) =>
        MediaFrames.SendVp8(call, sender, frame, CameraSsrc, "0");
}
