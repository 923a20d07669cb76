using Sfu.Transport.Forwarding;
using Sfu.Transport.Rtp;
using Sfu.Transport.Tests.Forwarding.Support;

namespace Sfu.Transport.Tests.Forwarding;

public class SpeakerSwitchForwarderTests
{
    private static readonly object Ada = "ada";
    private static readonly object Bea = "bea";

    private static ForwardDecision Decide(SpeakerSwitchForwarder forwarder, object source, ushort sequenceNumber, uint timestamp, long nowMs)
    {
        byte[] bytes = Packets.Audio(sequenceNumber, timestamp);
        RtpPacket.TryParse(bytes, out RtpPacket packet).Should().BeTrue();
        return forwarder.Decide(ref packet, source, nowMs);
    }

    [Fact]
    public void Nothing_passes_before_a_speaker_is_selected()
    {
        var forwarder = new SpeakerSwitchForwarder(48000, 100);
        Decide(forwarder, Ada, 1, 960, 0).DropReason.Should().Be(DropReason.NotSelectedSpeaker);
    }

    [Fact]
    public void Only_the_selected_speaker_passes_with_its_own_timing()
    {
        var forwarder = new SpeakerSwitchForwarder(48000, 100);
        forwarder.SwitchTo(Ada);

        ForwardDecision first = Decide(forwarder, Ada, 5000, 96000, 1000);
        Decide(forwarder, Bea, 7000, 5000, 1005).DropReason.Should().Be(DropReason.NotSelectedSpeaker);
        ForwardDecision second = Decide(forwarder, Ada, 5001, 96960, 1020);

        (first.SequenceNumber, first.Timestamp).Should().Be(((ushort)100, 96000u), "the first speaker's clock is kept");
        (second.SequenceNumber, second.Timestamp).Should().Be(((ushort)101, 96960u));
    }

    [Fact]
    public void A_switch_continues_the_sequence_and_advances_the_timestamp_with_real_time()
    {
        var forwarder = new SpeakerSwitchForwarder(48000, 100);
        forwarder.SwitchTo(Ada);
        Decide(forwarder, Ada, 5000, 96000, 1000);
        Decide(forwarder, Ada, 5001, 96960, 1020);

        forwarder.SwitchTo(Bea);
        ForwardDecision afterSwitch = Decide(forwarder, Bea, 40000, 3_000_000, 1520);
        ForwardDecision next = Decide(forwarder, Bea, 40001, 3_000_960, 1540);

        afterSwitch.SequenceNumber.Should().Be(102, "no gap in the numbering: the receiver sees no loss");
        afterSwitch.Timestamp.Should().Be(96960u + (500 * 48), "500 ms after the last packet, at 48 kHz");
        next.SequenceNumber.Should().Be(103);
        next.Timestamp.Should().Be(afterSwitch.Timestamp + 960, "then the new speaker's own spacing");
    }

    [Fact]
    public void A_switch_within_one_frame_still_moves_the_timestamp_forward()
    {
        var forwarder = new SpeakerSwitchForwarder(48000, 0);
        forwarder.SwitchTo(Ada);
        Decide(forwarder, Ada, 10, 4_294_966_000, 1000);
        forwarder.SwitchTo(Bea);
        ForwardDecision decision = Decide(forwarder, Bea, 20, 77, 1000);

        decision.Timestamp.Should().Be(unchecked(4_294_966_000u + 960u), "one 20 ms frame, wrapping around 2^32");
    }

    [Fact]
    public void Switching_back_and_forth_never_repeats_a_sequence_number()
    {
        var forwarder = new SpeakerSwitchForwarder(48000, 65530);
        var sent = new HashSet<ushort>();
        long now = 0;
        ushort ada = 100, bea = 9000;
        for (int round = 0; round < 10; round++)
        {
            forwarder.SwitchTo(round % 2 == 0 ? Ada : Bea);
            for (int i = 0; i < 5; i++)
            {
                now += 20;
                ForwardDecision a = Decide(forwarder, Ada, ada++, (uint)(now * 48), now);
                ForwardDecision b = Decide(forwarder, Bea, bea++, (uint)(now * 48 + 12345), now);
                ForwardDecision forwarded = round % 2 == 0 ? a : b;
                forwarded.ShouldForward.Should().BeTrue();
                sent.Add(forwarded.SequenceNumber).Should().BeTrue("each output sequence number is used once");
            }
        }

        sent.Should().HaveCount(50);
    }

    [Fact]
    public void Deciding_and_switching_allocate_nothing_per_packet()
    {
        var forwarder = new SpeakerSwitchForwarder(48000, 0);
        var detector = new DominantSpeakerDetector(new DominantSpeakerSettings());
        SpeakerActivity[] speakers = [new(Ada), new(Bea)];
        byte[] bytes = Packets.Audio(1, 960);
        void Run(int packets)
        {
            for (int i = 0; i < packets; i++)
            {
                RtpPacket.TryParse(bytes, out RtpPacket packet);
                packet.SequenceNumber = (ushort)i;
                forwarder.SwitchTo((i / 50) % 2 == 0 ? Ada : Bea);
                forwarder.Decide(ref packet, Ada, i * 20L);
                DominantSpeakerDetector.OnLevel(speakers[i % 2], (byte)(i % 127), i * 20L);
                detector.Update(speakers, i * 20L);
            }
        }

        Run(1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(10_000);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
