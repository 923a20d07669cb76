using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// Bandwidth probing through the server (<c>sfu.media.probe-bandwidth</c>): a subscriber that returns transport-cc
/// feedback, as a browser does, starts at a 600 kbit/s estimate, which fits the middle simulcast layer but not the top
/// one; the estimate only grows near what is sent, so it takes a probe for the subscriber to reach the top layer.
/// Layers are told apart by packet size: the top layer's frames fill several packets of 1,100 payload bytes.
/// </summary>
public sealed class BandwidthProbingTests
{
    private static readonly uint[] LayerSsrcs = [51_000, 52_000, 53_000];

    /// <summary>
    /// At 33 frames/s: about 110, 260 and 3,500 kbit/s. The top layer needs five times the start estimate, so that even
    /// a pump slowed down by a busy machine (whose layers then measure less) keeps it out of reach without probing.
    /// </summary>
    private static readonly int[] LayerFrameBytes = [400, 1000, 13_200];

    private static readonly byte[] Mid = SyntheticFrames.Ascii("0");

    /// <summary>Camera packets a receiver of the middle layer (one packet a frame) gets in about 6 s.</summary>
    private const int SixSecondsOfCamera = 200;

    [Fact]
    public async Task A_subscriber_on_a_fast_path_is_probed_up_to_the_top_layer_that_its_start_estimate_did_not_fit()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (bob, camera, pump) = await SimulcastCallAsync(call);
        await using FramePump _ = pump;

        await MediaCall.WaitUntilAsync(() => CameraPackets(call, bob, camera).Any(IsTopLayer), "bob receives the top layer");

        (await call.DownloadEstimateAsync(2)).Should().BeGreaterThan(1_000_000, "a probe found that the loopback path carries more than the 600 kbit/s start");
        call.Rtp[bob].Should().Contain(p => p.Ssrc == camera.RtxSsrc, "the probe's padding is RTX copies of sent packets");
    }

    [Fact]
    public async Task Without_probing_the_same_subscriber_stays_on_the_layer_its_start_estimate_fits()
    {
        await using MediaCall call = await MediaCall.StartAsync(s => s with { Media = s.Media with { ProbeBandwidth = false } });
        var (bob, camera, pump) = await SimulcastCallAsync(call);
        await using FramePump _ = pump;

        await MediaCall.WaitUntilAsync(() => CameraPackets(call, bob, camera).Length >= SixSecondsOfCamera, "bob received 6 s of camera");

        // Only the top layer is ruled out: on a busy machine the delay-based estimate may dip below the middle layer
        // for a while, which moves bob down, never up.
        CameraPackets(call, bob, camera).Should().NotContain(p => IsTopLayer(p),
            "the estimate does not grow past 1.5 × what the middle layer carries, far below the top layer");
        CameraPackets(call, bob, camera).Should().Contain(p => LayerOf(p) == 1, "the middle layer fits the 600 kbit/s start");
        call.Rtp[bob].Should().NotContain(p => p.Ssrc == camera.RtxSsrc, "nothing was lost on loopback, and nothing probed");
    }

    /// <summary>
    /// Alice publishes for a while first, so that every layer has a whole rate window when bob arrives: a layer's
    /// bitrate measured over its first moments looks lower than it is, and bob's first choice would be made on it.
    /// </summary>
    private static async Task<(Participant Bob, ReceivedConsumer Camera, FramePump Pump)> SimulcastCallAsync(MediaCall call)
    {
        Participant alice = await call.JoinAsync(1);
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8Simulcast("0", 4_000_000));
        var pump = new FramePump(call, frame => SendFrame(alice, frame));
        try
        {
            await pump.WaitForFramesAsync(50);
            Participant bob = await call.JoinAsync(2, transportFeedback: true);
            await MediaCall.WaitUntilAsync(() => bob.Consumers.Values.Any(c => c.Type == "camera"), "bob consumes alice's camera");
            return (bob, bob.Consumers.Values.Single(c => c.Type == "camera"), pump);
        }
        catch
        {
            await pump.DisposeAsync();
            throw;
        }
    }

    private static ReceivedRtp[] CameraPackets(MediaCall call, Participant receiver, ReceivedConsumer camera) =>
        [.. call.Rtp[receiver].Where(p => p.Ssrc == camera.Ssrc)];

    private static bool IsTopLayer(ReceivedRtp packet) => LayerOf(packet) == 2;

    /// <summary>Only the top layer's frames need whole packets; the two lower ones fit in one packet of their own size.</summary>
    private static int LayerOf(ReceivedRtp packet) =>
        packet.Payload.Length >= SyntheticFrames.MaxPayload ? 2 : packet.Payload.Length > LayerFrameBytes[0] + 100 ? 1 : 0;

    /// <summary>One frame of each layer (a key frame every 30), and every 10 frames a Sender Report per layer.</summary>
    private static void SendFrame(Participant sender, int frame)
    {
        Span<byte> buffer = stackalloc byte[1500];
        uint timestamp = (uint)(3000 * frame);
        long sendTimeUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        for (int layer = 0; layer < LayerSsrcs.Length; layer++)
        {
            int packetsPerFrame = (LayerFrameBytes[layer] + SyntheticFrames.MaxPayload - 1) / SyntheticFrames.MaxPayload;
            SyntheticFrames.Vp8Frame(buffer, (ushort)(1000 * layer + packetsPerFrame * frame), timestamp, LayerSsrcs[layer], Mid,
                SyntheticFrames.Ascii($"r{layer}"), keyFrame: frame % 30 == 0, frame, LayerFrameBytes[layer], sendTimeUs,
                (packet, length) => sender.SendRtp(packet, length));
            if (frame % 10 == 0)
            {
                var info = new RtcpSenderInfo(NtpTime.FromUnixMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), timestamp,
                    (uint)frame, (uint)(frame * LayerFrameBytes[layer]));
                RtcpSenderReport.TryWrite(buffer[..100], LayerSsrcs[layer], info, [], out int length);
                sender.SendUploadRtcp(buffer, length);
            }
        }
    }
}
