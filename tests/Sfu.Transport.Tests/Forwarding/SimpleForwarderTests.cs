using Sfu.Transport.Codecs;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Tests.Forwarding.Support;

namespace Sfu.Transport.Tests.Forwarding;

public class SimpleForwarderTests
{
    private static SimpleForwarder Video(ushort initialSequenceNumber = 500) =>
        new(PayloadCodec.Vp8, isVideo: true, Packets.VideoOutput(), initialSequenceNumber);

    [Fact]
    public void Consumer_starts_paused_and_forwards_nothing()
    {
        SimpleForwarder forwarder = Video();
        var stream = new Vp8StreamBuilder(1, 100, 9000);

        forwarder.Decide(stream.Frame(keyFrame: true)).DropReason.Should().Be(DropReason.Inactive);
    }

    [Fact]
    public void Video_consumer_resumes_only_on_a_key_frame_and_asks_for_one_meanwhile()
    {
        SimpleForwarder forwarder = Video();
        var stream = new Vp8StreamBuilder(1, 100, 9000);

        forwarder.Resume().Should().BeTrue("a video consumer needs a key frame to start");
        ForwardDecision waiting = forwarder.Decide(stream.Frame());
        ForwardDecision keyFrame = forwarder.Decide(stream.Frame(keyFrame: true));

        waiting.DropReason.Should().Be(DropReason.WaitingForKeyFrame);
        waiting.KeyFrameNeeded.Should().BeTrue();
        keyFrame.ShouldForward.Should().BeTrue();
        keyFrame.SequenceNumber.Should().Be(500);
    }

    [Fact]
    public void Audio_consumer_resumes_on_the_next_packet()
    {
        var forwarder = new SimpleForwarder(PayloadCodec.Opaque, isVideo: false, Packets.AudioOutput(), initialSequenceNumber: 7);

        forwarder.Resume().Should().BeFalse("audio has no key frames");
        ForwardDecision decision = forwarder.Decide(Packets.Audio(3000, 48000));

        decision.ShouldForward.Should().BeTrue();
        decision.SequenceNumber.Should().Be(7);
        decision.Timestamp.Should().Be(48000u);
    }

    [Fact]
    public void Timestamps_are_forwarded_unchanged()
    {
        SimpleForwarder forwarder = Video();
        forwarder.Resume();
        var stream = new Vp8StreamBuilder(1, 100, 123456);

        forwarder.Decide(stream.Frame(keyFrame: true)).Timestamp.Should().Be(123456u);
        forwarder.Decide(stream.Frame()).Timestamp.Should().Be(123456u + Vp8StreamBuilder.TicksPerFrame);
    }

    [Fact]
    public void Sequence_continues_across_pause_and_resume_without_a_gap()
    {
        SimpleForwarder forwarder = Video();
        forwarder.Resume();
        var stream = new Vp8StreamBuilder(1, 100, 9000);
        forwarder.Decide(stream.Frame(keyFrame: true)).SequenceNumber.Should().Be(500);
        forwarder.Decide(stream.Frame()).SequenceNumber.Should().Be(501);

        forwarder.Pause();
        for (int i = 0; i < 10; i++)
        {
            forwarder.Decide(stream.Frame()).DropReason.Should().Be(DropReason.Inactive);
        }

        forwarder.Resume();
        forwarder.Decide(stream.Frame()).DropReason.Should().Be(DropReason.WaitingForKeyFrame);
        forwarder.Decide(stream.Frame(keyFrame: true)).SequenceNumber.Should().Be(502);
    }

    [Fact]
    public void Padding_only_packets_are_dropped_and_leave_no_hole()
    {
        var forwarder = new SimpleForwarder(PayloadCodec.Opaque, isVideo: false, Packets.AudioOutput(), initialSequenceNumber: 1);
        forwarder.Resume();

        forwarder.Decide(Packets.Audio(10, 0)).SequenceNumber.Should().Be(1);
        forwarder.Decide(Packets.Audio(11, 0, payloadBytes: 0)).DropReason.Should().Be(DropReason.EmptyPayload);
        forwarder.Decide(Packets.Audio(12, 0)).SequenceNumber.Should().Be(2);
    }

    [Fact]
    public void Unmapped_payload_type_is_dropped_and_leaves_no_hole()
    {
        var forwarder = new SimpleForwarder(PayloadCodec.Opaque, isVideo: false, Packets.AudioOutput(), initialSequenceNumber: 1);
        forwarder.Resume();

        forwarder.Decide(Packets.Audio(10, 0)).SequenceNumber.Should().Be(1);
        forwarder.Decide(Packets.Audio(11, 0, payloadType: 13)).DropReason.Should().Be(DropReason.UnsupportedPayloadType);
        forwarder.Decide(Packets.Audio(12, 0)).SequenceNumber.Should().Be(2);
    }

    [Fact]
    public void Temporal_layers_above_the_target_are_dropped_and_picture_ids_stay_continuous()
    {
        SimpleForwarder forwarder = Video();
        forwarder.TargetTemporalLayer = 1;
        forwarder.Resume();
        var stream = new Vp8StreamBuilder(1, 100, 9000, firstPictureId: 2000);

        ForwardDecision key = forwarder.Decide(stream.Frame(keyFrame: true));
        ForwardDecision layer2 = forwarder.Decide(stream.Frame(temporalLayer: 2));
        ForwardDecision layer1 = forwarder.Decide(stream.Frame(temporalLayer: 1, layerSync: true));
        ForwardDecision layer2Again = forwarder.Decide(stream.Frame(temporalLayer: 2));
        ForwardDecision layer0 = forwarder.Decide(stream.Frame(temporalLayer: 0));

        layer2.DropReason.Should().Be(DropReason.TemporalLayerAboveTarget);
        layer2Again.DropReason.Should().Be(DropReason.TemporalLayerAboveTarget);
        (key.SequenceNumber, layer1.SequenceNumber, layer0.SequenceNumber).Should().Be(((ushort)500, (ushort)501, (ushort)502));
        (key.PictureId, layer1.PictureId, layer0.PictureId).Should().Be((2000, 2001, 2002));
        layer0.Tl0PicIdx.Should().Be(key.Tl0PicIdx + 1);
    }

    [Fact]
    public void Lower_temporal_target_takes_effect_at_the_next_picture()
    {
        SimpleForwarder forwarder = Video();
        forwarder.Resume();
        var stream = new Vp8StreamBuilder(1, 100, 9000);
        forwarder.Decide(stream.Frame(keyFrame: true));
        forwarder.Decide(stream.Frame(temporalLayer: 2)).ShouldForward.Should().BeTrue();

        forwarder.TargetTemporalLayer = 0;

        forwarder.Decide(stream.Frame(temporalLayer: 1)).DropReason.Should().Be(DropReason.TemporalLayerAboveTarget);
        forwarder.CurrentTemporalLayer.Should().Be(0);
    }

    [Fact]
    public void Raising_the_temporal_target_waits_for_a_layer_sync_frame()
    {
        SimpleForwarder forwarder = Video();
        forwarder.TargetTemporalLayer = 0;
        forwarder.Resume();
        var stream = new Vp8StreamBuilder(1, 100, 9000);
        forwarder.Decide(stream.Frame(keyFrame: true));

        forwarder.TargetTemporalLayer = 2;

        forwarder.Decide(stream.Frame(temporalLayer: 2)).DropReason.Should().Be(DropReason.TemporalLayerNotSynced);
        forwarder.Decide(stream.Frame(temporalLayer: 1, layerSync: true)).ShouldForward.Should().BeTrue();
        forwarder.CurrentTemporalLayer.Should().Be(1);
    }

    [Fact]
    public void Reordered_packets_keep_their_relative_order()
    {
        SimpleForwarder forwarder = Video();
        forwarder.Resume();
        var stream = new Vp8StreamBuilder(1, 100, 9000);
        byte[][] frame = stream.FramePackets(3, keyFrame: true);

        forwarder.Decide(frame[0]).SequenceNumber.Should().Be(500);
        forwarder.Decide(frame[2]).SequenceNumber.Should().Be(502);
        forwarder.Decide(frame[1]).SequenceNumber.Should().Be(501);
    }
}
