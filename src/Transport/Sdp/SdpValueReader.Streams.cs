using System.Diagnostics.CodeAnalysis;

namespace Sfu.Transport.Sdp;

/// <summary>Readers for the stream-identification attributes: candidates, rid and simulcast.</summary>
internal static partial class SdpValueReader
{
    /// <summary>
    /// RFC 8839 §5.1: foundation component transport priority address port "typ" type, then "raddr x", "rport y",
    /// "tcptype t" (RFC 6544 §4.5) and any other name/value pairs.
    /// </summary>
    public static bool TryReadCandidate(string value, [NotNullWhen(true)] out SdpCandidate? candidate, out string error)
    {
        candidate = null;
        string[] words = SdpText.Words(value);
        if (words.Length < 8 || words[6] != "typ" || (words.Length - 8) % 2 != 0)
        {
            error = "a=candidate needs foundation component transport priority address port typ type [name value]…";
            return false;
        }

        if (words[0].Length > 32 || !SdpText.IsIceChars(words[0])
            || !SdpText.TryParseInt(words[1], 256, out int component) || component == 0
            || !SdpText.IsToken(words[2])
            || !SdpText.TryParseULong(words[3], uint.MaxValue, out ulong priority)
            || !SdpText.IsWord(words[4])
            || !SdpText.TryParseInt(words[5], ushort.MaxValue, out int port)
            || !SdpText.IsToken(words[7]))
        {
            error = "a=candidate has an invalid foundation, component (1-256), transport, priority (32 bits), address, port or type";
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        string? tcpType = null;
        var extensions = new List<SdpCandidateExtension>();
        for (int i = 8; i < words.Length; i += 2)
        {
            string name = words[i];
            string pairValue = words[i + 1];
            if (!SdpText.IsWord(name) || !SdpText.IsWord(pairValue))
            {
                error = "a=candidate extension names and values must be visible ASCII";
                return false;
            }

            switch (name)
            {
                case "raddr" when relatedAddress is null:
                    relatedAddress = pairValue;
                    break;
                case "rport" when relatedPort is null:
                    if (!SdpText.TryParseInt(pairValue, ushort.MaxValue, out int related))
                    {
                        error = "a=candidate rport must be 0-65535";
                        return false;
                    }

                    relatedPort = related;
                    break;
                case "tcptype" when tcpType is null:
                    tcpType = pairValue;
                    break;
                case "raddr" or "rport" or "tcptype":
                    error = $"a=candidate repeats '{name}'";
                    return false;
                default:
                    extensions.Add(new SdpCandidateExtension(name, pairValue));
                    break;
            }
        }

        candidate = new SdpCandidate(words[0], component, words[2], (uint)priority, words[4], port, words[7])
        {
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            TcpType = tcpType,
            Extensions = ValueList.From(extensions),
        };
        error = "";
        return true;
    }

    /// <summary>
    /// RFC 8851 §10: rid-id SP ("send" / "recv") [SP params], params being "pt=96,97" and restrictions
    /// "key[=value]" separated by ";".
    /// </summary>
    public static bool TryReadRid(string value, [NotNullWhen(true)] out SdpRid? rid, out string error)
    {
        rid = null;
        string[] words = value.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !SdpText.IsRidId(words[0]) || words[1] is not ("send" or "recv"))
        {
            error = "a=rid needs an id of letters, digits, '-' or '_' and 'send' or 'recv'";
            return false;
        }

        ValueList<int>? payloadTypes = null;
        var restrictions = new List<SdpRidRestriction>();
        string parameters = words.Length == 3 ? words[2] : "";
        foreach (string piece in parameters.Split(';'))
        {
            string parameter = piece.Trim(' ');
            if (parameter.Length == 0)
            {
                continue;
            }

            int equals = parameter.IndexOf('=');
            string key = equals < 0 ? parameter : parameter[..equals];
            if (!SdpText.IsRidId(key) || key.Contains('_'))
            {
                error = $"a=rid restriction '{parameter}' must start with a name of letters, digits and '-'";
                return false;
            }

            string? restrictionValue = equals < 0 ? null : parameter[(equals + 1)..];
            if (key == "pt")
            {
                if (payloadTypes is not null || !TryReadPayloadTypeList(restrictionValue, out payloadTypes))
                {
                    error = "a=rid pt= must appear once with a comma-separated list of payload types 0-127";
                    return false;
                }

                continue;
            }

            restrictions.Add(new SdpRidRestriction(key, restrictionValue));
        }

        rid = new SdpRid(words[0], words[1] == "send" ? SdpRidDirection.Send : SdpRidDirection.Recv)
        {
            PayloadTypes = payloadTypes ?? ValueList<int>.Empty,
            Restrictions = ValueList.From(restrictions),
        };
        error = "";
        return true;
    }

    /// <summary>RFC 8853 §5.1: ("send" / "recv") SP stream list, optionally followed by the other direction.</summary>
    public static bool TryReadSimulcast(string value, [NotNullWhen(true)] out SdpSimulcast? simulcast, out string error)
    {
        simulcast = null;
        string[] words = SdpText.Words(value);
        if (words.Length is not (2 or 4))
        {
            error = "a=simulcast needs 'send' or 'recv' followed by a stream list, at most once each";
            return false;
        }

        ValueList<ValueList<SdpSimulcastRid>>? send = null;
        ValueList<ValueList<SdpSimulcastRid>>? recv = null;
        for (int i = 0; i < words.Length; i += 2)
        {
            bool isSend = words[i] == "send";
            if ((!isSend && words[i] != "recv") || (isSend ? send : recv) is not null)
            {
                error = "a=simulcast directions must be 'send' and 'recv', at most once each";
                return false;
            }

            if (!TryReadSimulcastStreams(words[i + 1], out ValueList<ValueList<SdpSimulcastRid>>? streams))
            {
                error = "a=simulcast stream list must be rids separated by ';' (streams) and ',' (alternatives), '~' marking paused";
                return false;
            }

            if (isSend)
            {
                send = streams;
            }
            else
            {
                recv = streams;
            }
        }

        simulcast = new SdpSimulcast
        {
            Send = send ?? ValueList<ValueList<SdpSimulcastRid>>.Empty,
            Recv = recv ?? ValueList<ValueList<SdpSimulcastRid>>.Empty,
        };
        error = "";
        return true;
    }

    private static bool TryReadSimulcastStreams(string text, [NotNullWhen(true)] out ValueList<ValueList<SdpSimulcastRid>>? streams)
    {
        streams = null;
        var result = new List<ValueList<SdpSimulcastRid>>();
        foreach (string stream in text.Split(';'))
        {
            var alternatives = new List<SdpSimulcastRid>();
            foreach (string alternative in stream.Split(','))
            {
                bool paused = alternative.StartsWith('~');
                string id = paused ? alternative[1..] : alternative;
                if (!SdpText.IsRidId(id))
                {
                    return false;
                }

                alternatives.Add(new SdpSimulcastRid(id, paused));
            }

            result.Add(ValueList.From(alternatives));
        }

        streams = ValueList.From(result);
        return true;
    }

    private static bool TryReadPayloadTypeList(string? text, [NotNullWhen(true)] out ValueList<int>? payloadTypes)
    {
        payloadTypes = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        string[] pieces = text.Split(',');
        var numbers = new int[pieces.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            if (!SdpText.TryParseInt(pieces[i], MaxPayloadType, out numbers[i]))
            {
                return false;
            }
        }

        payloadTypes = ValueList.Create<int>(numbers);
        return true;
    }
}
