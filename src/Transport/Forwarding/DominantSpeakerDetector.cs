namespace Sfu.Transport.Forwarding;

/// <summary>Thresholds of <see cref="DominantSpeakerDetector"/>; levels in dBov below full scale (RFC 6464 §3).</summary>
/// <param name="SpeechLevel">A speaker quieter than this (e.g. 60 for -60 dBov) is silent and cannot take the floor.</param>
/// <param name="SwitchMargin">How many dB louder than the current speaker a challenger must be.</param>
/// <param name="SwitchDelayMs">How long a challenger must stay that much louder before it takes the floor.</param>
/// <param name="SilenceMs">A speaker whose packets stop for this long counts as silent.</param>
public sealed record DominantSpeakerSettings(int SpeechLevel = 60, int SwitchMargin = 6, int SwitchDelayMs = 300, int SilenceMs = 500);

/// <summary>One participant's recent loudness, updated per packet on the worker thread.</summary>
public sealed class SpeakerActivity(object owner)
{
    /// <summary>Who speaks (the detector's caller decides what that is).</summary>
    public object Owner { get; } = owner;

    /// <summary>Smoothed loudness in dB above -127 dBov: 0 is silence, 127 full scale.</summary>
    public double Loudness { get; internal set; }

    public long LastPacketMs { get; internal set; } = long.MinValue;
}

/// <summary>
/// Who holds the floor in a conversation, from the RFC 6464 audio level every sender puts on its packets. Each
/// packet's level moves its speaker's loudness by an exponential average (a talk spurt, not a syllable, counts), and
/// the floor changes with hysteresis: a challenger must be <see cref="DominantSpeakerSettings.SwitchMargin"/> dB
/// louder than the current speaker for <see cref="DominantSpeakerSettings.SwitchDelayMs"/>, so that two people
/// talking at once, or a cough, do not flip the stream back and forth. No allocation; worker thread only.
/// </summary>
public sealed class DominantSpeakerDetector(DominantSpeakerSettings settings)
{
    /// <summary>Weight of one packet in the average: with 20 ms packets, about 200 ms of memory.</summary>
    private const double Smoothing = 0.1;

    private SpeakerActivity? _challenger;
    private long _challengeStartMs;

    public DominantSpeakerSettings Settings { get; } = settings;

    /// <summary>The speaker who holds the floor, null before anyone spoke.</summary>
    public SpeakerActivity? Dominant { get; private set; }

    /// <summary>The speaker before <see cref="Dominant"/>: what the dominant speaker hears instead of themselves.</summary>
    public SpeakerActivity? Previous { get; private set; }

    /// <param name="level">The audio level field: 0 is 0 dBov (loudest), 127 is -127 dBov (silence).</param>
    public static void OnLevel(SpeakerActivity speaker, byte level, long nowMs)
    {
        double loudness = 127 - Math.Min((int)level, 127);
        speaker.Loudness += (loudness - speaker.Loudness) * Smoothing;
        speaker.LastPacketMs = nowMs;
    }

    /// <summary>A speaker left the conversation: it can hold the floor no more.</summary>
    public void Forget(SpeakerActivity speaker)
    {
        if (Dominant == speaker)
        {
            Dominant = Previous;
            Previous = null;
        }

        if (Previous == speaker)
        {
            Previous = null;
        }

        if (_challenger == speaker)
        {
            _challenger = null;
        }
    }

    /// <summary>Decides again who holds the floor; true when it changed.</summary>
    public bool Update(IReadOnlyList<SpeakerActivity> speakers, long nowMs)
    {
        SpeakerActivity? loudest = null;
        for (int i = 0; i < speakers.Count; i++)
        {
            if (loudest is null || Effective(speakers[i], nowMs) > Effective(loudest, nowMs))
            {
                loudest = speakers[i];
            }
        }

        double speech = 127 - Settings.SpeechLevel;
        if (loudest is null || loudest == Dominant || Effective(loudest, nowMs) < speech)
        {
            _challenger = null;
            return false;
        }

        if (Dominant is null)
        {
            Take(loudest);
            return true;
        }

        if (Effective(loudest, nowMs) < Effective(Dominant, nowMs) + Settings.SwitchMargin)
        {
            _challenger = null;
            return false;
        }

        if (_challenger != loudest)
        {
            _challenger = loudest;
            _challengeStartMs = nowMs;
            return false;
        }

        if (nowMs - _challengeStartMs < Settings.SwitchDelayMs)
        {
            return false;
        }

        Take(loudest);
        return true;
    }

    private void Take(SpeakerActivity speaker)
    {
        Previous = Dominant;
        Dominant = speaker;
        _challenger = null;
    }

    private double Effective(SpeakerActivity speaker, long nowMs) =>
        nowMs - speaker.LastPacketMs > Settings.SilenceMs ? 0 : speaker.Loudness;
}
