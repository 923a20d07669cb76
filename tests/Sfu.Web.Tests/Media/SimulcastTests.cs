using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// Simulcast layer choice (issue 4, R96): a publisher sends three rid layers of different sizes, with Sender Reports
/// so that layers can be aligned (§7.5); what a subscriber receives depends on the download bitrate it is allowed.
/// Layers are told apart by their payload size.
/// </summary>
public sealed class SimulcastTests
{
    private static readonly uint[] LayerSsrcs = [31_000, 32_000, 33_000];
    /// <summary>At 33 frames/s: about 53, 130 and 290 kbit/s.</summary>
    private static readonly int[] LayerPayloadSizes = [200, 500, 1100];

    [Fact]
    public async Task A_receiver_capped_low_gets_the_lowest_layer()
    {
        await using MediaCall call = await MediaCall.StartAsync(s => s with { Media = s.Media with { MaxBitrateOut = 100_000 } });

        int[] layers = await ReceivedLayersAsync(call);

        layers.Should().NotBeEmpty().And.OnlyContain(layer => layer == 0);
    }

    [Fact]
    public async Task Lifting_the_cap_moves_the_receiver_to_a_higher_layer()
    {
        await using MediaCall call = await MediaCall.StartAsync(s => s with { Media = s.Media with { MaxBitrateOut = 10_000_000 } });

        int[] layers = await ReceivedLayersAsync(call);

        layers.Should().Contain(layer => layer > 0, "the 600 kbit/s start estimate fits more than the lowest layer");
        layers.SkipWhile(layer => layer == 0).Should().NotContain(0, "the receiver stays up once switched");
    }

    /// <summary>Publishes 3 s of simulcast and returns the layer of each camera packet the subscriber got, in order.</summary>
    private static async Task<int[]> ReceivedLayersAsync(MediaCall call)
    {
        Participant alice = await call.JoinAsync(1);
        Participant bob = await call.JoinAsync(2);
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8Simulcast("0", 900_000));
        await MediaCall.WaitUntilAsync(() => bob.Consumers.Values.Any(c => c.Type == "camera"), "bob consumes alice's camera");
        ReceivedConsumer camera = bob.Consumers.Values.Single(c => c.Type == "camera");

        for (int frame = 0; frame < 100; frame++)
        {
            int current = frame;
            await call.OnLoopAsync(() => SendFrame(call, alice, current));
            await Task.Delay(30);
        }

        return [.. call.Rtp[bob].Where(p => p.Ssrc == camera.Ssrc).Select(p => LayerOf(p.Payload.Length))];
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

    private static int LayerOf(int payloadLength) =>
        Array.FindIndex(LayerPayloadSizes, size => Math.Abs(size - payloadLength) < 40);
}
