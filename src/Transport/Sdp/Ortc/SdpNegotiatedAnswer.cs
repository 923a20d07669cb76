using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>One stream an SDP client sends, as a channel producer: its type, kind and producer RTP parameters.</summary>
public sealed record SdpPublishedStream(string Type, MediaKind Kind, RtpParameters Parameters);

/// <summary>The answer to an offer, the producers it creates and the offerer's DTLS side.</summary>
public sealed record SdpNegotiatedAnswer(SessionDescription Answer, IReadOnlyList<SdpPublishedStream> Streams, SdpRemoteDtls Dtls)
{
    /// <summary>The one receive track we send on (the Beep mode's dominant speaker), when the answer has one.</summary>
    public RtpParameters? SpeakerTrack { get; init; }
}
