using Sfu.Transport.Codecs;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Ortc;
using Sfu.Transport.Rtp;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.Media;

/// <summary>
/// One receive track that carries whoever holds the floor of its transport's conversation (the Beep mode): the
/// single audio stream a client negotiated once, fed by a <see cref="SpeakerSwitchForwarder"/>. It writes its own
/// SSRC, payload type and mid, and the sender's audio level under the client's id. Owned by the worker thread.
/// </summary>
public sealed class SpeakerConsumer
{
    private readonly ConsumerOutput _output;
    private readonly SpeakerSwitchForwarder _forwarder;
    private readonly byte _payloadType;
    private readonly byte _audioLevelId;
    private SrtpSendStream? _srtpStream;

    /// <param name="parameters">One audio codec, one encoding with its SSRC, the mid and the client's extension ids.</param>
    public SpeakerConsumer(string id, MediaTransport transport, RtpParameters parameters)
    {
        Id = id;
        Transport = transport;
        RtpCodecParameters codec = parameters.Codecs.FirstOrDefault(c => !c.IsRtx() && c.Kind == MediaKind.Audio)
            ?? throw new MediaRouterException("a speaker consumer needs an audio codec");
        Ssrc = parameters.Encodings.FirstOrDefault()?.Ssrc ?? throw new MediaRouterException("a speaker consumer needs an ssrc");
        _payloadType = (byte)codec.PayloadType;
        _audioLevelId = HeaderExtensionUris.IdOf(parameters, Rtp.Extensions.RtpExtensionUris.AudioLevel);
        _output = new ConsumerOutput(Ssrc, System.Text.Encoding.ASCII.GetBytes(parameters.Mid ?? "0"),
            HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.Mid));
        _forwarder = new SpeakerSwitchForwarder(codec.ClockRate, (ushort)Random.Shared.Next(0, 0x8000));
    }

    public string Id { get; }

    public MediaTransport Transport { get; }

    public uint Ssrc { get; }

    public long PacketsSent { get; private set; }

    /// <summary>The conversation member whose voice this track carries now, null for none.</summary>
    public object? Source => _forwarder.Source;

    public void SwitchTo(object? source) => _forwarder.SwitchTo(source);

    /// <summary>The per-packet path: forwards the packet when its speaker is the selected one. No allocation.</summary>
    public void Forward(ref RtpPacket packet, object speaker, Producer producer, byte audioLevelId, Span<byte> scratch, long nowMs)
    {
        ForwardDecision decision = _forwarder.Decide(ref packet, speaker, nowMs);
        if (!decision.ShouldForward)
        {
            return;
        }

        // The speakers of one stream change: their payload type and audio level id are (re)mapped before each packet.
        // Only the audio level is carried over; everything else the client needs the consumer writes itself.
        _output.MapPayloadType(producer.MediaPayloadType, _payloadType);
        if (audioLevelId != 0)
        {
            _output.MapExtension(audioLevelId, _audioLevelId);
        }

        if (ConsumerRewriter.TryRewriteInto(packet, decision, _output, PayloadCodec.Opaque, absSendTime: 0, transportSequenceNumber: 0,
                scratch[..^MediaTransport.SrtpHeadroom], out int length)
            && Transport.Transport.TrySendRtp(scratch, length, ref _srtpStream))
        {
            PacketsSent++;
        }
    }
}
