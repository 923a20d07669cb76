using Sfu.Transport.Codecs;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Tests.Forwarding.Support;

namespace Sfu.Transport.Tests.Forwarding;

/// <summary>
/// Three synthetic VP8 layers with their own SSRC, sequence and timestamp bases; key frames at chosen points.
/// The Sender Reports put the three clocks on one wallclock: at NTP 10 000 ms the layers' timestamps are
/// 1 000 000, 5 000 000 and 9 000 000.
/// </summary>
public class SimulcastForwarderTests
{
    private readonly Vp8StreamBuilder[] _layers =
    [
        new(0x10, 1000, 1_000_000, firstPictureId: 100),
        new(0x20, 20000, 5_000_000, firstPictureId: 3000),
        new(0x30, 40000, 9_000_000, firstPictureId: 7000),
    ];

    private readonly SenderReportClock[] _clocks =
    [
        new(10_000, 1_000_000),
        new(10_000, 5_000_000),
        new(10_000, 9_000_000),
    ];

    private static SimulcastForwarder Forwarder(int targetSpatial = 0)
    {
        var forwarder = new SimulcastForwarder(PayloadCodec.Vp8, 3, 90000, Packets.VideoOutput(), initialSequenceNumber: 100);
        forwarder.SetTargetLayers(targetSpatial, 2);
        return forwarder;
    }

    /// <summary>
    /// One frame on every layer, as an encoder produces them at the same instant, decided in layer order (or only
    /// on <paramref name="decideOnly"/>: the other layers' frames are built, so their clocks move on, but not seen).
    /// </summary>
    private ForwardDecision[] SendFrameOnAllLayers(SimulcastForwarder forwarder, bool keyFrameOn = false, int keyFrameLayer = -1, int temporalLayer = 0, int decideOnly = -1)
    {
        var decisions = new ForwardDecision[_layers.Length];
        for (int layer = 0; layer < _layers.Length; layer++)
        {
            bool key = keyFrameOn && (keyFrameLayer < 0 || keyFrameLayer == layer);
            byte[] frame = _layers[layer].Frame(keyFrame: key, temporalLayer: key ? 0 : temporalLayer);
            decisions[layer] = decideOnly < 0 || decideOnly == layer
                ? forwarder.Decide(frame, layer, _clocks)
                : ForwardDecision.Drop(DropReason.None);
        }

        return decisions;
    }

    [Fact]
    public void Nothing_is_forwarded_before_a_key_frame_of_the_target_layer()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 1);
        forwarder.Resume().Should().Be(1);

        ForwardDecision[] plain = SendFrameOnAllLayers(forwarder);
        ForwardDecision[] keyOnLayer0 = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0);
        ForwardDecision[] keyOnLayer1 = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1);

        plain.Should().OnlyContain(d => d.DropReason == DropReason.WaitingForKeyFrame && d.KeyFrameNeeded && d.KeyFrameLayer == 1);
        keyOnLayer0[0].DropReason.Should().Be(DropReason.WaitingForKeyFrame);
        keyOnLayer1[1].ShouldForward.Should().BeTrue();
        keyOnLayer1[1].SequenceNumber.Should().Be(100);
        forwarder.CurrentSpatialLayer.Should().Be(1);
        forwarder.TimestampReferenceLayer.Should().Be(1);
    }

    [Fact]
    public void Switching_up_waits_for_a_key_frame_of_the_target_layer_while_the_current_one_keeps_flowing()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0);

        forwarder.SetTargetLayers(2, 2).Should().BeTrue("a spatial switch needs a key frame of the new layer");
        ForwardDecision[] pending = SendFrameOnAllLayers(forwarder);
        ForwardDecision[] switched = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 2);
        ForwardDecision[] after = SendFrameOnAllLayers(forwarder);

        pending[0].ShouldForward.Should().BeTrue();
        pending[0].KeyFrameNeeded.Should().BeTrue();
        pending[0].KeyFrameLayer.Should().Be(2);
        pending[2].DropReason.Should().Be(DropReason.NotCurrentSpatialLayer);
        switched[0].ShouldForward.Should().BeTrue("layer 0's frame came before the key frame of layer 2");
        switched[2].ShouldForward.Should().BeTrue();
        after[0].DropReason.Should().Be(DropReason.NotCurrentSpatialLayer);
        after[2].ShouldForward.Should().BeTrue();
        switched[2].KeyFrameNeeded.Should().BeFalse();
        forwarder.CurrentSpatialLayer.Should().Be(2);
    }

    [Fact]
    public void Switching_down_also_waits_for_a_key_frame()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 2);
        forwarder.Resume();
        SendFrameOnAllLayers(forwarder, keyFrameOn: true);

        forwarder.SetTargetLayers(0, 2);
        ForwardDecision[] pending = SendFrameOnAllLayers(forwarder);
        ForwardDecision[] switched = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0);

        pending[2].ShouldForward.Should().BeTrue();
        pending[0].DropReason.Should().Be(DropReason.NotCurrentSpatialLayer);
        switched[0].ShouldForward.Should().BeTrue();
        forwarder.CurrentSpatialLayer.Should().Be(0);
    }

    [Fact]
    public void Output_sequence_picture_id_and_tl0picidx_are_continuous_across_switches()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        var forwarded = new List<ForwardDecision>();
        void Collect(ForwardDecision[] round) => forwarded.AddRange(round.Where(d => d.ShouldForward));

        Collect(SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0));
        Collect(SendFrameOnAllLayers(forwarder));
        forwarder.SetTargetLayers(1, 2);
        Collect(SendFrameOnAllLayers(forwarder));
        Collect(SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1));
        Collect(SendFrameOnAllLayers(forwarder));
        forwarder.SetTargetLayers(2, 2);
        Collect(SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 2));
        Collect(SendFrameOnAllLayers(forwarder));

        forwarded.Select(d => (int)d.SequenceNumber).Should().Equal(Enumerable.Range(100, forwarded.Count));
        forwarded.Select(d => d.PictureId).Should().Equal(Enumerable.Range(100, forwarded.Count), "layer 0 started at picture id 100");
        forwarded.Select(d => d.Tl0PicIdx).Should().Equal(Enumerable.Range(forwarded[0].Tl0PicIdx, forwarded.Count), "every frame is a TID 0 frame");
        forwarded.Select(d => d.Timestamp).Should().BeInAscendingOrder();
        forwarder.CurrentSpatialLayer.Should().Be(2);
    }

    [Fact]
    public void Timestamps_of_the_new_layer_are_aligned_through_sender_reports()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        ForwardDecision first = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0)[0];
        SendFrameOnAllLayers(forwarder);

        forwarder.SetTargetLayers(2, 2);
        ForwardDecision afterSwitch = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 2, decideOnly: 2)[2];

        // The third frame of every layer was captured two frame intervals after the first.
        afterSwitch.Timestamp.Should().Be(first.Timestamp + 2 * Vp8StreamBuilder.TicksPerFrame);
    }

    [Fact]
    public void Sender_reports_taken_at_different_instants_give_the_same_alignment()
    {
        // Layer 1's report was taken 500 ms later than layer 0's: its timestamp there is 45 000 ticks further on.
        _clocks[1] = new SenderReportClock(10_500, 5_000_000 + 45_000);
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        ForwardDecision first = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0)[0];

        forwarder.SetTargetLayers(1, 2);
        ForwardDecision afterSwitch = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1, decideOnly: 1)[1];

        afterSwitch.Timestamp.Should().Be(first.Timestamp + Vp8StreamBuilder.TicksPerFrame);
    }

    [Fact]
    public void A_layer_without_a_sender_report_cannot_be_switched_to()
    {
        _clocks[1] = SenderReportClock.Unknown;
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0);

        forwarder.SetTargetLayers(1, 2);
        ForwardDecision refused = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1)[1];

        refused.DropReason.Should().Be(DropReason.NoSenderReportForLayer);
        forwarder.CurrentSpatialLayer.Should().Be(0);
    }

    [Fact]
    public void A_key_frame_that_would_go_back_in_time_is_pushed_one_frame_ahead()
    {
        // Layer 1's report claims it runs 20 ms behind: aligned, its key frame would not be newer than what was sent.
        _clocks[1] = new SenderReportClock(10_000, 5_000_000 + 1800 + Vp8StreamBuilder.TicksPerFrame);
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        ForwardDecision first = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0)[0];

        forwarder.SetTargetLayers(1, 2);
        ForwardDecision afterSwitch = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1, decideOnly: 1)[1];

        afterSwitch.ShouldForward.Should().BeTrue();
        afterSwitch.Timestamp.Should().Be(first.Timestamp + TimestampAlignment.Ticks(TimestampAlignment.MinimumStepMilliseconds, 90000));
    }

    [Fact]
    public void A_key_frame_needing_too_large_a_correction_is_skipped_once_then_accepted_monotonically()
    {
        // Layer 1's report puts it a full second behind.
        _clocks[1] = new SenderReportClock(10_000, 5_000_000 + 90_000);
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0);

        forwarder.SetTargetLayers(1, 2);
        ForwardDecision[] firstTry = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1);
        ForwardDecision[] secondTry = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 1);

        firstTry[1].DropReason.Should().Be(DropReason.TimestampGapTooLarge);
        firstTry[1].KeyFrameNeeded.Should().BeTrue();
        secondTry[1].ShouldForward.Should().BeTrue();
        secondTry[1].Timestamp.Should().Be(secondTry[0].Timestamp + 1, "the key frame follows the highest timestamp sent");
    }

    [Fact]
    public void One_sequence_number_is_skipped_when_the_last_frame_sent_was_unfinished()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        forwarder.Decide(_layers[0].Frame(keyFrame: true), 0, _clocks).SequenceNumber.Should().Be(100);
        byte[][] unfinished = _layers[0].FramePackets(3);
        forwarder.Decide(unfinished[0], 0, _clocks).SequenceNumber.Should().Be(101);

        forwarder.SetTargetLayers(1, 2);
        _layers[1].Frame();
        ForwardDecision afterSwitch = forwarder.Decide(_layers[1].Frame(keyFrame: true), 1, _clocks);

        afterSwitch.SequenceNumber.Should().Be(103, "102 stands for the rest of the unfinished frame");
    }

    [Fact]
    public void Packets_of_the_new_layer_older_than_the_switching_key_frame_are_dropped()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0);

        forwarder.SetTargetLayers(1, 2);
        byte[] late = _layers[1].Frame();
        forwarder.Decide(_layers[1].Frame(keyFrame: true), 1, _clocks).ShouldForward.Should().BeTrue();

        forwarder.Decide(late, 1, _clocks).DropReason.Should().Be(DropReason.Stale);
    }

    [Fact]
    public void Temporal_layers_above_the_target_are_dropped_without_gaps()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.SetTargetLayers(0, 0);
        forwarder.Resume();
        ForwardDecision key = forwarder.Decide(_layers[0].Frame(keyFrame: true), 0, _clocks);
        ForwardDecision upper = forwarder.Decide(_layers[0].Frame(temporalLayer: 1), 0, _clocks);
        ForwardDecision base0 = forwarder.Decide(_layers[0].Frame(temporalLayer: 0), 0, _clocks);

        upper.DropReason.Should().Be(DropReason.TemporalLayerAboveTarget);
        base0.SequenceNumber.Should().Be((ushort)(key.SequenceNumber + 1));
        base0.PictureId.Should().Be(key.PictureId + 1);
    }

    [Fact]
    public void Pause_drops_everything_and_resume_restarts_on_a_key_frame_with_monotonic_output()
    {
        SimulcastForwarder forwarder = Forwarder(targetSpatial: 0);
        forwarder.Resume();
        ForwardDecision before = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0)[0];

        forwarder.Pause();
        SendFrameOnAllLayers(forwarder).Should().OnlyContain(d => d.DropReason == DropReason.Inactive);
        forwarder.Resume();
        ForwardDecision waiting = SendFrameOnAllLayers(forwarder)[0];
        ForwardDecision after = SendFrameOnAllLayers(forwarder, keyFrameOn: true, keyFrameLayer: 0)[0];

        waiting.DropReason.Should().Be(DropReason.WaitingForKeyFrame);
        after.SequenceNumber.Should().Be((ushort)(before.SequenceNumber + 1));
        after.Timestamp.Should().Be(before.Timestamp + 3 * Vp8StreamBuilder.TicksPerFrame);
    }
}
