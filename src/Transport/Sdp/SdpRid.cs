namespace Sfu.Transport.Sdp;

/// <summary>Whether a rid names a stream the writer of the description sends or receives (RFC 8851 §10).</summary>
public enum SdpRidDirection
{
    Send,
    Recv,
}

/// <summary>
/// <c>a=rid:h send pt=96,97;max-width=1280;max-height=720</c> (RFC 8851 §10): an RTP stream id, its direction,
/// the payload types it may use (empty: any of the section's) and its restrictions, in order.
/// </summary>
public sealed record SdpRid(string Id, SdpRidDirection Direction)
{
    public ValueList<int> PayloadTypes { get; init; } = ValueList<int>.Empty;

    public ValueList<SdpRidRestriction> Restrictions { get; init; } = ValueList<SdpRidRestriction>.Empty;
}

/// <summary>One rid restriction such as "max-width=1280"; a flag-like restriction has a null value.</summary>
public sealed record SdpRidRestriction(string Key, string? Value);

/// <summary>
/// <c>a=simulcast:send h;m;~l recv a,b</c> (RFC 8853 §5.1): per direction, a list of streams, each a list of
/// alternative rids; "~" marks a rid that starts paused.
/// </summary>
public sealed record SdpSimulcast
{
    public ValueList<ValueList<SdpSimulcastRid>> Send { get; init; } = ValueList<ValueList<SdpSimulcastRid>>.Empty;

    public ValueList<ValueList<SdpSimulcastRid>> Recv { get; init; } = ValueList<ValueList<SdpSimulcastRid>>.Empty;
}

public sealed record SdpSimulcastRid(string Rid, bool Paused = false);
