namespace Sfu.Transport.Sdp;

/// <summary>
/// Our side of an answer: ICE-lite credentials and candidates, DTLS fingerprint and role choice, what we support,
/// and per offered section what we intend to do with it.
/// </summary>
public sealed record SdpAnswerOptions
{
    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    /// <summary>Our candidates; the first one also fills the m= port and c= line (RFC 8839 §4.2.1.1 default candidate).</summary>
    public ValueList<SdpCandidate> Candidates { get; init; } = ValueList<SdpCandidate>.Empty;

    /// <summary>sha-256 of our DTLS certificate (RFC 8842 §5.1).</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>
    /// Our role when the offer says actpass (RFC 8842 §5.2 lets the answerer pick). Passive by default, as the
    /// server we replace answers (PROTOCOL §6.7): the browser becomes the DTLS client.
    /// </summary>
    public SdpSetup SetupWhenOfferIsActpass { get; init; } = SdpSetup.Passive;

    public bool IceLite { get; init; } = true;

    public ValueList<SdpCodecCapability> Codecs { get; init; } = ValueList<SdpCodecCapability>.Empty;

    public ValueList<string> HeaderExtensionUris { get; init; } = ValueList<string>.Empty;

    /// <summary>Null rejects data channel sections.</summary>
    public SdpDataChannelCapability? DataChannel { get; init; }

    public ulong SessionId { get; init; } = 10000;

    /// <summary>What we do with each offered section; by default we receive what the offer sends and send nothing.</summary>
    public Func<MediaDescription, SdpMediaPlan> Plan { get; init; } = _ => SdpMediaPlan.Receive;
}

/// <summary>
/// Our intention for one offered section, from our point of view: the directions we are willing to use (the
/// answer keeps only those the offer allows, RFC 3264 §6.1) and, when we send, the stream we send.
/// </summary>
public sealed record SdpMediaPlan(SdpDirection Direction)
{
    public static SdpMediaPlan Receive { get; } = new(SdpDirection.RecvOnly);

    public static SdpMediaPlan Reject { get; } = new(SdpDirection.Inactive) { Rejected = true };

    public bool Rejected { get; init; }

    public SdpSendStream? Send { get; init; }

    /// <summary>
    /// The offered payload type to answer with when we support it, instead of the offerer's first choice: when we
    /// forward a stream, its codec is the sender's, not ours to pick.
    /// </summary>
    public int? PreferredPayloadType { get; init; }

    public static SdpMediaPlan Sending(SdpSendStream stream, SdpDirection direction = SdpDirection.SendOnly) =>
        new(direction) { Send = stream };
}
