using Sfu.Transport.Forwarding;

namespace Sfu.Transport.Tests.Forwarding;

public class DominantSpeakerDetectorTests
{
    private static readonly DominantSpeakerSettings Settings = new(SpeechLevel: 60, SwitchMargin: 6, SwitchDelayMs: 300, SilenceMs: 500);

    /// <summary>20 ms packets for <paramref name="ms"/>, at these RFC 6464 levels (0 loudest, 127 silence), deciding every 100 ms.</summary>
    private static long Talk(DominantSpeakerDetector detector, SpeakerActivity[] speakers, byte[] levels, long fromMs, int ms)
    {
        long now = fromMs;
        for (int t = 0; t < ms; t += 20)
        {
            now += 20;
            for (int i = 0; i < speakers.Length; i++)
            {
                DominantSpeakerDetector.OnLevel(speakers[i], levels[i], now);
            }

            if (now % 100 == 0)
            {
                detector.Update(speakers, now);
            }
        }

        return now;
    }

    [Fact]
    public void Nobody_holds_the_floor_while_everyone_is_silent()
    {
        var detector = new DominantSpeakerDetector(Settings);
        SpeakerActivity[] people = [new("ada"), new("bea")];
        Talk(detector, people, [127, 100], 0, 1000);
        detector.Dominant.Should().BeNull("-100 dBov is below the -60 dBov speech level");
    }

    [Fact]
    public void The_first_to_speak_takes_the_floor()
    {
        var detector = new DominantSpeakerDetector(Settings);
        SpeakerActivity[] people = [new("ada"), new("bea")];
        Talk(detector, people, [127, 30], 0, 500);
        detector.Dominant!.Owner.Should().Be("bea");
    }

    [Fact]
    public void A_louder_challenger_takes_the_floor_only_after_the_delay()
    {
        var detector = new DominantSpeakerDetector(Settings);
        SpeakerActivity[] people = [new("ada"), new("bea")];
        long now = Talk(detector, people, [30, 127], 0, 600);
        detector.Dominant!.Owner.Should().Be("ada");

        // Bea talks much louder while Ada goes quiet: the averages cross within ~200 ms, then 300 ms must pass.
        now = Talk(detector, people, [90, 10], now, 300);
        detector.Dominant!.Owner.Should().Be("ada", "a short burst does not flip the stream");
        Talk(detector, people, [90, 10], now, 500);
        detector.Dominant!.Owner.Should().Be("bea");
        detector.Previous!.Owner.Should().Be("ada", "Bea hears Ada meanwhile, not herself");
    }

    [Fact]
    public void Two_people_talking_as_loud_as_each_other_do_not_flip_the_floor()
    {
        var detector = new DominantSpeakerDetector(Settings);
        SpeakerActivity[] people = [new("ada"), new("bea")];
        long now = Talk(detector, people, [30, 127], 0, 600);
        Talk(detector, people, [30, 27], now, 3000);
        detector.Dominant!.Owner.Should().Be("ada", "3 dB louder is within the 6 dB margin");
    }

    [Fact]
    public void A_speaker_whose_packets_stop_loses_the_floor_to_one_who_speaks()
    {
        var detector = new DominantSpeakerDetector(Settings);
        var ada = new SpeakerActivity("ada");
        var bea = new SpeakerActivity("bea");
        long now = Talk(detector, [ada, bea], [20, 127], 0, 600);
        now = Talk(detector, [bea], [40], now, 1000);
        detector.Dominant!.Owner.Should().Be("bea");
    }

    [Fact]
    public void A_silent_member_never_takes_the_floor_when_the_speakers_packets_pause_past_the_silence_time()
    {
        var detector = new DominantSpeakerDetector(Settings);
        var cy = new SpeakerActivity("cy");
        var ada = new SpeakerActivity("ada");
        var bea = new SpeakerActivity("bea");
        SpeakerActivity[] everyone = [cy, ada, bea];
        long now = Talk(detector, everyone, [127, 20, 50], 0, 1000);
        detector.Dominant!.Owner.Should().Be("ada");

        // A busy sender pauses 700 ms after Bea's packet: Cy's silent packet is the only recent one at the decision.
        now += 700;
        DominantSpeakerDetector.OnLevel(cy, 127, now);
        detector.Update(everyone, now);
        detector.Dominant!.Owner.Should().Be("ada", "silence (-127 dBov) is below the speech level, however stale the speakers are");

        Talk(detector, [cy], [127], now, 1000);
        detector.Dominant!.Owner.Should().Be("ada", "nobody who speaks challenges Ada");
    }

    [Fact]
    public void Forgetting_the_dominant_speaker_gives_the_floor_back_to_the_previous_one()
    {
        var detector = new DominantSpeakerDetector(Settings);
        var ada = new SpeakerActivity("ada");
        var bea = new SpeakerActivity("bea");
        long now = Talk(detector, [ada, bea], [30, 127], 0, 600);
        Talk(detector, [ada, bea], [127, 10], now, 1000);
        detector.Forget(bea);
        detector.Dominant!.Owner.Should().Be("ada");
        detector.Previous.Should().BeNull();
    }
}
