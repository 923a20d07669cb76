using System.Buffers.Binary;
using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// Simulcast layer choice (issue 4, R96): a publisher sends three rid layers of different sizes, with Sender Reports
/// so that layers can be aligned (§7.5); what a subscriber receives depends on the download bitrate it is allowed,
/// MAX_BITRATE_OUT or a cap set on its download transport during the call. Layers are told apart by payload size.
/// </summary>
public sealed class SimulcastTests
{
    private static readonly uint[] LayerSsrcs = [31_000, 32_000, 33_000];
    /// <summary>At 33 frames/s: about 53, 130 and 290 kbit/s, all within the 600 kbit/s start estimate.</summary>
    private static readonly int[] LayerPayloadSizes = [200, 500, 1100];

    /// <summary>
    /// Below even the lowest layer, however slowly a busy machine paces the frames (a layer fitting with 15 % headroom
    /// is taken): the receiver gets the lowest live layer, because nothing fits.
    /// </summary>
    private const long LowCap = 30_000;

    /// <summary>
    /// Packets a receiver gets in 3 s of 30 ms frames: by then every layer has had a full 1 s rate window and layer
    /// selection (every 500 ms) has had several turns, so an uncapped receiver would have climbed.
    /// </summary>
    private const int SettledPackets = 100;

    [Fact]
    public async Task A_receiver_capped_low_by_MAX_BITRATE_OUT_gets_the_lowest_layer()
    {
        await using MediaCall call = await MediaCall.StartAsync(s => s with { Media = s.Media with { MaxBitrateOut = LowCap } });
        var (alice, bob, camera) = await SimulcastCallAsync(call);
        await using var pump = new FramePump(call, frame => SendFrame(call, alice, frame));

        await MediaCall.WaitUntilAsync(() => CameraPackets(call, bob, camera).Length >= SettledPackets, "bob received 3 s of camera");

        CameraPackets(call, bob, camera).Should().OnlyContain(p => LayerOf(p) == 0);
    }

    [Fact]
    public async Task Lifting_a_receivers_cap_during_the_call_moves_its_consumer_to_a_higher_layer_on_a_key_frame()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, camera) = await SimulcastCallAsync(call);
        (await call.LimitDownloadAsync(2, LowCap)).Should().Be(LowCap);
        await using var pump = new FramePump(call, frame => SendFrame(call, alice, frame));
        await MediaCall.WaitUntilAsync(() => CameraPackets(call, bob, camera).Length >= SettledPackets, "bob received 3 s of camera");
        int capped = CameraPackets(call, bob, camera).Length;

        long lifted = await call.LimitDownloadAsync(2, 100_000_000);
        await MediaCall.WaitUntilAsync(() => CameraPackets(call, bob, camera).Any(p => LayerOf(p) > 0), "bob moved to a higher layer");

        lifted.Should().Be(call.Server.Settings.Media.MaxBitrateOut, "a cap never goes above MAX_BITRATE_OUT (R96)");
        ReceivedRtp[] packets = CameraPackets(call, bob, camera);
        packets.Take(capped).Should().OnlyContain(p => LayerOf(p) == 0, "capped below every layer, the receiver gets the lowest");

        // The switch in sequence-number order, not arrival order: the lowest-numbered packet of a higher layer and the
        // one numbered just before it, which the consumer must have sent (R91: its numbering goes on, no hole) and
        // which a NACK brings again as RTX if the network lost it.
        ReceivedRtp first = packets.First(p => LayerOf(p) > 0);
        ReceivedRtp before = await SentPacketAsync(call, bob, camera, (ushort)(first.SequenceNumber - 1));
        while (LayerOf(before) > 0)
        {
            first = before;
            before = await SentPacketAsync(call, bob, camera, (ushort)(first.SequenceNumber - 1));
        }

        LayerOf(before).Should().Be(0, "the numbering goes on from the lowest layer's last packet (R91)");
        first.IsVp8KeyFrame.Should().BeTrue("a consumer switches up only on a key frame of the target layer (R91)");
        first.Vp8PictureId.Should().Be((before.Vp8PictureId + 1) & 0x7FFF, "picture ids stay continuous (R92)");
        ((int)(first.Timestamp - before.Timestamp)).Should().BePositive("the output timestamp stays monotonic (R91)");
    }

    private static async Task<(Participant Alice, Participant Bob, ReceivedConsumer Camera)> SimulcastCallAsync(MediaCall call)
    {
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2);
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8Simulcast("0", 900_000));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Values.Any(c => c.Type == "camera"), "bob consumes alice's camera");
        return (alice, bob, bob.Consumers.Values.Single(c => c.Type == "camera"));
    }

    /// <summary>The camera packets the subscriber got, in order of arrival.</summary>
    private static ReceivedRtp[] CameraPackets(MediaCall call, Participant receiver, ReceivedConsumer camera) =>
        [.. call.Rtp[receiver].Where(p => p.Ssrc == camera.Ssrc)];

    /// <summary>
    /// The camera packet sent to the receiver with this sequence number: as it arrived, or, when it never arrived (a
    /// busy machine's loopback drops datagrams when a socket's receive buffer is full), as the retransmission that a
    /// NACK for it brings (RFC 4585 §6.2.1, RFC 4588 §4, R94), which carries the packet as it was first sent.
    /// </summary>
    private static async Task<ReceivedRtp> SentPacketAsync(MediaCall call, Participant receiver, ReceivedConsumer camera, ushort sequenceNumber)
    {
        ReceivedRtp? Find()
        {
            foreach (ReceivedRtp packet in call.Rtp[receiver])
            {
                if (packet.Ssrc == camera.Ssrc && packet.SequenceNumber == sequenceNumber)
                {
                    return packet;
                }

                if (packet.Ssrc == camera.RtxSsrc && packet.Payload.Length >= 2 && BinaryPrimitives.ReadUInt16BigEndian(packet.Payload) == sequenceNumber)
                {
                    return packet with { Ssrc = camera.Ssrc, PayloadType = camera.PayloadType, SequenceNumber = sequenceNumber, Payload = packet.Payload[2..] };
                }
            }

            return null;
        }

        if (Find() is ReceivedRtp received)
        {
            return received;
        }

        await call.OnLoopAsync(() =>
        {
            Span<byte> buffer = stackalloc byte[128];
            RtcpGenericNack.TryWrite(buffer[..64], 1, camera.Ssrc, [sequenceNumber], out int length);
            receiver.SendDownloadRtcp(buffer, length);
        });
        await MediaCall.WaitUntilAsync(() => Find() is not null,
            $"packet {sequenceNumber}, never received, came as RTX after a NACK (none comes for a number the consumer skipped)");
        return Find()!;
    }

    /// <summary>One frame of each layer (a key frame every 15), and every 10 frames a Sender Report per layer.</summary>
    private static void SendFrame(MediaCall call, Participant sender, int frame)
    {
        Span<byte> buffer = stackalloc byte[1500];
        long nowMs = call.Loop.NowMs;
        uint timestamp = (uint)(3000 * frame);
        for (int layer = 0; layer < 3; layer++)
        {
            int length = SyntheticPackets.Vp8(buffer, (ushort)(100 * layer + frame), timestamp, LayerSsrcs[layer], "0", $"r{layer}",
                keyFrame: frame % 15 == 0, pictureId: frame, tl0PicIdx: frame, temporalLayer: 0, nowMs * 1000, LayerPayloadSizes[layer]);
            sender.SendRtp(buffer, length);
            if (frame % 10 == 0)
            {
                long wallClock = call.Loop.Time.GetUtcNow().ToUnixTimeMilliseconds();
                var info = new RtcpSenderInfo(NtpTime.FromUnixMilliseconds(wallClock), timestamp, (uint)frame, (uint)(frame * LayerPayloadSizes[layer]));
                RtcpSenderReport.TryWrite(buffer[..100], LayerSsrcs[layer], info, [], out length);
                sender.SendUploadRtcp(buffer, length);
            }
        }
    }

    private static int LayerOf(ReceivedRtp packet) =>
        Array.FindIndex(LayerPayloadSizes, size => Math.Abs(size - packet.Payload.Length) < 40);
}
