using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Rtcp;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// The reports the server sends (R93, §7.2): a download's Sender Reports share compound packets and an upload's
/// Receiver Report carries a block per stream, rather than a datagram per stream, as mediasoup and browsers do.
/// </summary>
public sealed class MediaReportsTests
{
    private static readonly uint[] LayerSsrcs = [61_000, 62_000, 63_000];

    [Fact]
    public async Task A_receiver_of_camera_and_microphone_gets_both_Sender_Reports_in_one_datagram()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        var (alice, bob, audio, camera) = await MediaForwardingTests.AudioAndCameraCallAsync(call);

        await using (new FramePump(call, frame => MediaForwardingTests.SendFrame(call, alice, frame), intervalMs: 20))
        {
            await MediaCall.WaitUntilAsync(() => call.DownloadRtcp[bob].Any(d => SenderReportSsrcs(d).Contains(audio.Ssrc) && SenderReportSsrcs(d).Contains(camera.Ssrc)),
                "bob received one datagram with the Sender Reports of both streams");
        }

        call.DownloadRtcp[bob].Should().NotContain(d => SenderReportSsrcs(d).Count > 0 && !StartsWithReport(d),
            "RFC 3550 §6.1: a compound packet starts with an SR or RR");
    }

    [Fact]
    public async Task A_publisher_of_three_simulcast_layers_gets_one_Receiver_Report_with_a_block_for_each()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        Participant alice = await call.JoinAsync(1);
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8Simulcast("0", 1_000_000));
        byte[] mid = SyntheticFrames.Ascii("0");

        await using (new FramePump(call, frame =>
        {
            Span<byte> buffer = stackalloc byte[1500];
            for (int layer = 0; layer < LayerSsrcs.Length; layer++)
            {
                SyntheticFrames.Vp8Frame(buffer, (ushort)(1000 * layer + frame), (uint)(3000 * frame), LayerSsrcs[layer], mid,
                    SyntheticFrames.Ascii($"r{layer}"), keyFrame: frame % 30 == 0, frame, 300, 0, (packet, length) => alice.SendRtp(packet, length));
            }
        }))
        {
            await MediaCall.WaitUntilAsync(() => call.UploadRtcp[alice].Any(d => ReceiverReportBlocks(d).Count == 3),
                "alice received a Receiver Report with a block per layer");
        }

        call.UploadRtcp[alice].Select(ReceiverReportBlocks).Where(blocks => blocks.Count == 3)
            .Should().AllSatisfy(blocks => blocks.Should().BeEquivalentTo(LayerSsrcs));
    }

    private static List<uint> SenderReportSsrcs(byte[] datagram)
    {
        var ssrcs = new List<uint>();
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (RtcpSenderReport.TryParse(packet, out RtcpSenderReport report))
            {
                ssrcs.Add(report.Ssrc);
            }
        }

        return ssrcs;
    }

    private static bool StartsWithReport(byte[] datagram) =>
        RtcpPacket.TryParse(datagram, out RtcpPacket first) && first.Type is RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport;

    private static List<uint> ReceiverReportBlocks(byte[] datagram)
    {
        var ssrcs = new List<uint>();
        var reader = new RtcpCompoundReader(datagram);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (RtcpReceiverReport.TryParse(packet, out RtcpReceiverReport report))
            {
                for (int i = 0; i < report.ReportCount; i++)
                {
                    ssrcs.Add(report.GetReportBlock(i).Ssrc);
                }
            }
        }

        return ssrcs;
    }
}
