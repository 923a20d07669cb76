using Sfu.Transport.Forwarding;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;
using Sfu.Transport.Rtp.Extensions;

namespace Sfu.Transport.Media;

/// <summary>One transport's place in a conversation: its voice, its activity and its receive track.</summary>
public sealed class ConversationMember
{
    internal ConversationMember(Conversation conversation, MediaTransport transport)
    {
        Conversation = conversation;
        Transport = transport;
        Activity = new SpeakerActivity(this);
    }

    public Conversation Conversation { get; }

    public MediaTransport Transport { get; }

    public SpeakerActivity Activity { get; }
}

/// <summary>
/// The members of a conversation (Beep mode) on one router: every member's microphone feeds the dominant speaker
/// detector, and every member's <see cref="SpeakerConsumer"/> carries the dominant speaker — or, for the dominant
/// speaker, the one before, or else the loudest other member — re-decided every <see cref="TickMs"/>. Members hear
/// one clean stream, never themselves. Owned by the worker thread.
/// </summary>
public sealed class Conversation : IWorkerTimer
{
    private const int TickMs = 100;

    private readonly List<ConversationMember> _members = [];
    private readonly List<SpeakerActivity> _activities = [];
    private readonly DominantSpeakerDetector _detector;
    private readonly MediaWorkerLoop _loop;
    private WorkerTimerHandle _tick;

    public Conversation(string id, MediaWorkerLoop loop, DominantSpeakerSettings settings)
    {
        Id = id;
        _loop = loop;
        _detector = new DominantSpeakerDetector(settings);
        _tick = loop.ScheduleTimer(loop.NowMs + TickMs, this);
    }

    public string Id { get; }

    public IReadOnlyList<ConversationMember> Members => _members;

    public SpeakerActivity? Dominant => _detector.Dominant;

    public ConversationMember Add(MediaTransport transport)
    {
        var member = new ConversationMember(this, transport);
        _members.Add(member);
        _activities.Add(member.Activity);
        Reselect(_loop.NowMs);
        return member;
    }

    /// <summary>Returns true when the conversation is left empty (the router then drops it).</summary>
    public bool Remove(ConversationMember member)
    {
        _members.Remove(member);
        _activities.Remove(member.Activity);
        _detector.Forget(member.Activity);
        member.Transport.SpeakerConsumer?.SwitchTo(null);
        Reselect(_loop.NowMs);
        return _members.Count == 0;
    }

    public void Close() => _loop.CancelTimer(_tick);

    /// <summary>The per-packet path for a member's microphone: its level, then every other member's track. No allocation.</summary>
    internal void OnSpeakerPacket(ConversationMember speaker, ref RtpPacket packet, Producer producer, byte audioLevelId, Span<byte> scratch, long nowMs)
    {
        if (audioLevelId != 0 && packet.TryGetAudioLevel(audioLevelId, out AudioLevelIndication level))
        {
            DominantSpeakerDetector.OnLevel(speaker.Activity, level.Level, nowMs);
        }

        for (int i = 0; i < _members.Count; i++)
        {
            ConversationMember listener = _members[i];
            if (listener != speaker && listener.Transport.SpeakerConsumer is { } track)
            {
                track.Forward(ref packet, speaker, producer, audioLevelId, scratch, nowMs);
            }
        }
    }

    void IWorkerTimer.OnTimer(long nowMs)
    {
        _tick = _loop.ScheduleTimer(nowMs + TickMs, this);
        _detector.Update(_activities, nowMs);
        Reselect(nowMs);
    }

    private void Reselect(long nowMs)
    {
        for (int i = 0; i < _members.Count; i++)
        {
            _members[i].Transport.SpeakerConsumer?.SwitchTo(SourceFor(_members[i], nowMs));
        }
    }

    /// <summary>Whom a member hears: the dominant speaker; if that is the member, the previous one; else the loudest other.</summary>
    private ConversationMember? SourceFor(ConversationMember listener, long nowMs)
    {
        if (_detector.Dominant?.Owner is ConversationMember dominant && dominant != listener)
        {
            return dominant;
        }

        if (_detector.Previous?.Owner is ConversationMember previous && previous != listener && _members.Contains(previous))
        {
            return previous;
        }

        ConversationMember? loudest = null;
        foreach (ConversationMember other in _members)
        {
            if (other != listener && other.Activity.LastPacketMs > nowMs - _detector.Settings.SilenceMs
                && (loudest is null || other.Activity.Loudness > loudest.Activity.Loudness))
            {
                loudest = other;
            }
        }

        return loudest;
    }
}
