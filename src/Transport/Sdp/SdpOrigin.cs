namespace Sfu.Transport.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 8866 §5.2): who made the description and which version of the session it is.
/// WebRTC uses "-" as user name and "IN IP4 127.0.0.1" (or 0.0.0.0) as a placeholder address.
/// </summary>
public sealed record SdpOrigin(
    string UserName,
    ulong SessionId,
    ulong SessionVersion,
    string NetType,
    string AddressType,
    string Address)
{
    public static SdpOrigin Create(ulong sessionId, ulong sessionVersion = 2) =>
        new("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");
}

/// <summary>The <c>c=</c> line (RFC 8866 §5.7), e.g. "IN IP4 0.0.0.0". The address may carry "/ttl".</summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary>"IN IP4 a.b.c.d" or "IN IP6 …" depending on the address text.</summary>
    public static SdpConnection For(string address) => new("IN", address.Contains(':') ? "IP6" : "IP4", address);
}

/// <summary>The <c>t=</c> line (RFC 8866 §5.9); WebRTC always writes "t=0 0" (an unbounded session).</summary>
public sealed record SdpTiming(ulong Start, ulong Stop);

/// <summary>
/// A line the model keeps verbatim because nothing in WebRTC interprets it: i=, u=, e=, p=, b=, r=, z=, k= and
/// any t= after the first. The parser enforces RFC 8866 §5 line order, so the writer can put them back in place.
/// </summary>
public sealed record SdpLine(char Type, string Value);

/// <summary>An attribute this model has no field for, kept verbatim: <c>a=name</c> (null value) or <c>a=name:value</c>.</summary>
public sealed record SdpAttribute(string Name, string? Value);

/// <summary><c>a=group:BUNDLE 0 1 2</c> (RFC 5888 §5, RFC 8843 §7).</summary>
public sealed record SdpGroup(string Semantics, ValueList<string> Mids)
{
    public const string Bundle = "BUNDLE";
}

/// <summary><c>a=msid-semantic: WMS *</c> — still written by Chromium, ignored by everyone (RFC 8830 dropped it).</summary>
public sealed record SdpMsidSemantic(string Semantic, ValueList<string> Identifiers);
