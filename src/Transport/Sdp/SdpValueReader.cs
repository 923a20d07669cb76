using System.Diagnostics.CodeAnalysis;

namespace Sfu.Transport.Sdp;

/// <summary>
/// Readers for the values of the structured attributes, one per attribute. Each returns false with a short
/// reason (the parser adds the line number); none throws.
/// </summary>
internal static partial class SdpValueReader
{
    public const int MaxPayloadType = 127;

    public static bool TryReadOrigin(string value, [NotNullWhen(true)] out SdpOrigin? origin, out string error)
    {
        origin = null;
        string[] words = SdpText.Words(value);
        if (words.Length != 6)
        {
            error = "o= needs 6 fields: username sess-id sess-version nettype addrtype address";
            return false;
        }

        if (!SdpText.TryParseULong(words[1], ulong.MaxValue, out ulong id) || !SdpText.TryParseULong(words[2], ulong.MaxValue, out ulong version))
        {
            error = "o= session id and version must be decimal numbers below 2^64";
            return false;
        }

        if (!AllWords(words))
        {
            error = "o= fields must be visible ASCII";
            return false;
        }

        origin = new SdpOrigin(words[0], id, version, words[3], words[4], words[5]);
        error = "";
        return true;
    }

    public static bool TryReadConnection(string value, [NotNullWhen(true)] out SdpConnection? connection, out string error)
    {
        connection = null;
        string[] words = SdpText.Words(value);
        if (words.Length != 3 || !AllWords(words))
        {
            error = "c= needs 3 fields: nettype addrtype address";
            return false;
        }

        connection = new SdpConnection(words[0], words[1], words[2]);
        error = "";
        return true;
    }

    public static bool TryReadTiming(string value, [NotNullWhen(true)] out SdpTiming? timing, out string error)
    {
        timing = null;
        string[] words = SdpText.Words(value);
        if (words.Length != 2 || !SdpText.TryParseULong(words[0], ulong.MaxValue, out ulong start)
            || !SdpText.TryParseULong(words[1], ulong.MaxValue, out ulong stop))
        {
            error = "t= needs 2 decimal times: start stop";
            return false;
        }

        timing = new SdpTiming(start, stop);
        error = "";
        return true;
    }

    public static bool TryReadGroup(string value, [NotNullWhen(true)] out SdpGroup? group, out string error)
    {
        group = null;
        string[] words = SdpText.Words(value);
        if (words.Length == 0 || !AllTokens(words))
        {
            error = "a=group needs a semantics token followed by mid tokens";
            return false;
        }

        group = new SdpGroup(words[0], ValueList.Create(words.AsSpan(1)));
        error = "";
        return true;
    }

    public static bool TryReadMsidSemantic(string value, [NotNullWhen(true)] out SdpMsidSemantic? semantic, out string error)
    {
        semantic = null;
        string[] words = SdpText.Words(value);
        if (words.Length == 0 || !AllWords(words))
        {
            error = "a=msid-semantic needs a semantic such as WMS";
            return false;
        }

        semantic = new SdpMsidSemantic(words[0], ValueList.Create(words.AsSpan(1)));
        error = "";
        return true;
    }

    public static bool TryReadIceOptions(string value, [NotNullWhen(true)] out ValueList<string>? options, out string error)
    {
        options = null;
        string[] words = SdpText.Words(value);
        if (words.Length == 0 || !AllWords(words))
        {
            error = "a=ice-options needs at least one option tag";
            return false;
        }

        options = ValueList.Create<string>(words);
        error = "";
        return true;
    }

    /// <summary>RFC 8839 §5.4: ufrag 4 to 256 ice-chars, password 22 to 256.</summary>
    public static bool TryReadIceCredential(string name, string value, int minLength, out string error)
    {
        if (value.Length < minLength || value.Length > 256 || !SdpText.IsIceChars(value))
        {
            error = $"a={name} must be {minLength} to 256 characters of letters, digits, '+' and '/'";
            return false;
        }

        error = "";
        return true;
    }

    public static bool TryReadFingerprint(string value, [NotNullWhen(true)] out SdpFingerprint? fingerprint, out string error)
    {
        fingerprint = null;
        string[] words = SdpText.Words(value);
        if (words.Length != 2 || !SdpText.IsToken(words[0]) || !SdpText.IsFingerprintHex(words[1]))
        {
            error = "a=fingerprint needs a hash name and colon-separated hex pairs";
            return false;
        }

        fingerprint = new SdpFingerprint(words[0], words[1]);
        error = "";
        return true;
    }

    public static bool TryReadRtpMap(string value, [NotNullWhen(true)] out SdpRtpMap? map, out string error)
    {
        map = null;
        string[] words = SdpText.Words(value);
        if (words.Length != 2 || !SdpText.TryParseInt(words[0], MaxPayloadType, out int payloadType))
        {
            error = "a=rtpmap needs a payload type 0-127 and encoding/clock[/channels]";
            return false;
        }

        string[] parts = words[1].Split('/');
        if (parts.Length is < 2 or > 3 || !SdpText.IsToken(parts[0])
            || !SdpText.TryParseInt(parts[1], int.MaxValue, out int clockRate) || clockRate == 0)
        {
            error = "a=rtpmap encoding must read name/clock-rate[/channels] with a positive clock rate";
            return false;
        }

        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpText.TryParseInt(parts[2], 255, out int count) || count == 0)
            {
                error = "a=rtpmap channel count must be 1-255";
                return false;
            }

            channels = count;
        }

        map = new SdpRtpMap(payloadType, parts[0], clockRate, channels);
        error = "";
        return true;
    }

    public static bool TryReadFmtp(string value, [NotNullWhen(true)] out SdpFmtp? fmtp, out string error)
    {
        fmtp = null;
        int space = value.IndexOf(' ');
        string format = space < 0 ? value : value[..space];
        if (!SdpText.TryParseInt(format, MaxPayloadType, out int payloadType))
        {
            error = "a=fmtp needs a payload type 0-127";
            return false;
        }

        var parameters = new List<SdpFmtpParameter>();
        string rest = space < 0 ? "" : value[(space + 1)..];
        foreach (string piece in rest.Split(';'))
        {
            string parameter = piece.Trim(' ');
            if (parameter.Length == 0)
            {
                continue;
            }

            int equals = parameter.IndexOf('=');
            string key = (equals < 0 ? parameter : parameter[..equals]).TrimEnd(' ');
            if (key.Length == 0 || key.Contains(' '))
            {
                error = $"a=fmtp parameter '{parameter}' has no name or a name with spaces";
                return false;
            }

            parameters.Add(new SdpFmtpParameter(key, equals < 0 ? null : parameter[(equals + 1)..]));
        }

        fmtp = new SdpFmtp(payloadType, ValueList.From(parameters));
        error = "";
        return true;
    }

    public static bool TryReadRtcpFeedback(string value, [NotNullWhen(true)] out SdpRtcpFeedback? feedback, out string error)
    {
        feedback = null;
        string[] words = SdpText.Words(value);
        int? payloadType = null;
        if (words.Length >= 1 && words[0] != "*")
        {
            payloadType = SdpText.TryParseInt(words[0], MaxPayloadType, out int number) ? number : -1;
        }

        if (words.Length < 2 || payloadType == -1 || !SdpText.IsToken(words[1]) || !AllWords(words))
        {
            error = "a=rtcp-fb needs a payload type 0-127 or '*' and a feedback type";
            return false;
        }

        string? subtype = words.Length > 2 ? string.Join(' ', words, 2, words.Length - 2) : null;
        feedback = new SdpRtcpFeedback(payloadType, words[1], subtype);
        error = "";
        return true;
    }

    /// <summary>RFC 8285 §5: ids 1-14 (one-byte form) and 1-255 (two-byte form); 4096-4351 only in answers that decline.</summary>
    public static bool TryReadExtmap(string value, [NotNullWhen(true)] out SdpExtmap? extmap, out string error)
    {
        extmap = null;
        string[] words = SdpText.Words(value);
        if (words.Length < 2 || !AllWords(words))
        {
            error = "a=extmap needs an id[/direction] and a URI";
            return false;
        }

        string[] idParts = words[0].Split('/');
        SdpDirection? direction = null;
        if (idParts.Length > 2 || !SdpText.TryParseInt(idParts[0], 4351, out int id) || id == 0 || (id > 255 && id < 4096))
        {
            error = "a=extmap id must be 1-255 (or 4096-4351)";
            return false;
        }

        if (idParts.Length == 2)
        {
            if (!SdpDirectionExtensions.TryParse(idParts[1], out SdpDirection parsed))
            {
                error = "a=extmap direction must be sendrecv, sendonly, recvonly or inactive";
                return false;
            }

            direction = parsed;
        }

        string? attributes = words.Length > 2 ? string.Join(' ', words, 2, words.Length - 2) : null;
        extmap = new SdpExtmap(id, words[1], direction, attributes);
        error = "";
        return true;
    }

    public static bool TryReadMsid(string value, [NotNullWhen(true)] out SdpMsid? msid, out string error)
    {
        msid = null;
        string[] words = SdpText.Words(value);
        if (words.Length is < 1 or > 2 || !AllWords(words))
        {
            error = "a=msid needs a stream id and an optional track id";
            return false;
        }

        msid = new SdpMsid(words[0], words.Length == 2 ? words[1] : null);
        error = "";
        return true;
    }

    public static bool TryReadSsrc(string value, [NotNullWhen(true)] out SdpSsrcAttribute? ssrc, out string error)
    {
        ssrc = null;
        int space = value.IndexOf(' ');
        if (space < 0 || !SdpText.TryParseULong(value.AsSpan(0, space), uint.MaxValue, out ulong id))
        {
            error = "a=ssrc needs a 32-bit source id and an attribute";
            return false;
        }

        string attribute = value[(space + 1)..].TrimStart(' ');
        int colon = attribute.IndexOf(':');
        string name = colon < 0 ? attribute : attribute[..colon];
        if (!SdpText.IsToken(name))
        {
            error = "a=ssrc attribute name must be a token such as cname or msid";
            return false;
        }

        ssrc = new SdpSsrcAttribute((uint)id, name, colon < 0 ? null : attribute[(colon + 1)..]);
        error = "";
        return true;
    }

    public static bool TryReadSsrcGroup(string value, [NotNullWhen(true)] out SdpSsrcGroup? group, out string error)
    {
        group = null;
        string[] words = SdpText.Words(value);
        if (words.Length < 2 || !SdpText.IsToken(words[0]))
        {
            error = "a=ssrc-group needs semantics and at least one source id";
            return false;
        }

        var ssrcs = new uint[words.Length - 1];
        for (int i = 1; i < words.Length; i++)
        {
            if (!SdpText.TryParseULong(words[i], uint.MaxValue, out ulong id))
            {
                error = $"a=ssrc-group source id '{words[i]}' is not a 32-bit number";
                return false;
            }

            ssrcs[i - 1] = (uint)id;
        }

        group = new SdpSsrcGroup(words[0], ValueList.Create<uint>(ssrcs));
        error = "";
        return true;
    }

    private static bool AllWords(string[] words)
    {
        foreach (string word in words)
        {
            if (!SdpText.IsWord(word))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllTokens(string[] words)
    {
        foreach (string word in words)
        {
            if (!SdpText.IsToken(word))
            {
                return false;
            }
        }

        return true;
    }
}
