namespace Sfu.Transport.Sdp;

public static partial class SdpParser
{
    /// <summary>Collects one media section, from its m= line to the next.</summary>
    private sealed class MediaBuilder
    {
        private readonly List<SdpLine> extraLines = [];
        private readonly List<SdpCandidate> candidates = [];
        private readonly List<SdpFingerprint> fingerprints = [];
        private readonly List<SdpRtpMap> rtpMaps = [];
        private readonly List<SdpFmtp> fmtps = [];
        private readonly List<SdpRtcpFeedback> rtcpFeedbacks = [];
        private readonly List<SdpExtmap> extmaps = [];
        private readonly List<SdpMsid> msids = [];
        private readonly List<SdpSsrcAttribute> ssrcs = [];
        private readonly List<SdpSsrcGroup> ssrcGroups = [];
        private readonly List<SdpRid> rids = [];
        private readonly List<SdpAttribute> otherAttributes = [];
        private string kind = "";
        private int port;
        private int? portCount;
        private string protocol = "";
        private string[] formats = [];
        private SdpConnection? connection;
        private string? mid;
        private SdpDirection? direction;
        private string? iceUfrag;
        private string? icePwd;
        private ValueList<string>? iceOptions;
        private bool endOfCandidates;
        private SdpSetup? setup;
        private bool rtcpMux;
        private bool rtcpReducedSize;
        private bool extmapAllowMixed;
        private SdpSimulcast? simulcast;
        private int? sctpPort;
        private long? maxMessageSize;

        /// <summary>RFC 8866 §5.14: media SP port ["/" number] SP proto 1*(SP fmt).</summary>
        public string? AcceptMediaLine(string value)
        {
            string[] words = SdpText.Words(value);
            if (words.Length < 4)
            {
                return "m= needs media, port, protocol and at least one format";
            }

            foreach (string word in words)
            {
                if (!SdpText.IsWord(word))
                {
                    return "m= fields must be visible ASCII";
                }
            }

            if (!SdpText.IsToken(words[0]))
            {
                return $"media type '{words[0]}' is not a token";
            }

            string[] portParts = words[1].Split('/');
            if (portParts.Length > 2 || !SdpText.TryParseInt(portParts[0], ushort.MaxValue, out port))
            {
                return "m= port must be 0-65535, optionally followed by /count";
            }

            if (portParts.Length == 2)
            {
                if (!SdpText.TryParseInt(portParts[1], ushort.MaxValue, out int count) || count == 0)
                {
                    return "m= port count must be 1-65535";
                }

                portCount = count;
            }

            kind = words[0];
            protocol = words[2];
            formats = words[3..];
            if (protocol.Contains("RTP/", StringComparison.Ordinal))
            {
                var seen = new HashSet<int>();
                foreach (string format in formats)
                {
                    if (!SdpText.TryParseInt(format, SdpValueReader.MaxPayloadType, out int payloadType) || !seen.Add(payloadType))
                    {
                        return $"m= format '{format}' is not a payload type 0-127 listed once";
                    }
                }
            }

            return null;
        }

        public string? AcceptLine(char type, string value)
        {
            if (type != 'c')
            {
                extraLines.Add(new SdpLine(type, value));
                return null;
            }

            if (connection is not null)
            {
                return "a second c= line in the media section";
            }

            return SdpValueReader.TryReadConnection(value, out connection, out string error) ? null : error;
        }

        public string? AcceptAttribute(string name, string? value)
        {
            if (SdpDirectionExtensions.TryParse(name, out SdpDirection parsedDirection))
            {
                if (direction is not null)
                {
                    return "a second direction attribute";
                }

                direction = parsedDirection;
                return value is null ? null : $"a={name} takes no value";
            }

            switch (name)
            {
                case "rtcp-mux":
                    return Flag(name, value, ref rtcpMux);
                case "rtcp-rsize":
                    return Flag(name, value, ref rtcpReducedSize);
                case "end-of-candidates":
                    return Flag(name, value, ref endOfCandidates);
                case "extmap-allow-mixed":
                    return Flag(name, value, ref extmapAllowMixed);
                case "ice-ufrag":
                    return Credential(name, value, 4, ref iceUfrag);
                case "ice-pwd":
                    return Credential(name, value, 22, ref icePwd);
                case "setup":
                    return ReadSetup(value, ref setup);
                case "mid":
                    if (mid is not null)
                    {
                        return "a second a=mid";
                    }

                    if (value is null || !SdpText.IsToken(value))
                    {
                        return "a=mid needs a token (RFC 5888 §4)";
                    }

                    mid = value;
                    return null;
                case "ice-options":
                    if (iceOptions is not null)
                    {
                        return "a second a=ice-options";
                    }

                    return value is not null && SdpValueReader.TryReadIceOptions(value, out iceOptions, out _) ? null : "a=ice-options needs option tags";
                case "sctp-port":
                    if (sctpPort is not null || value is null || !SdpText.TryParseInt(value, ushort.MaxValue, out int sctp))
                    {
                        return "a=sctp-port needs one port 0-65535";
                    }

                    sctpPort = sctp;
                    return null;
                case "max-message-size":
                    if (maxMessageSize is not null || value is null || !SdpText.TryParseULong(value, long.MaxValue, out ulong size))
                    {
                        return "a=max-message-size needs one decimal size";
                    }

                    maxMessageSize = (long)size;
                    return null;
                case "simulcast":
                    if (simulcast is not null)
                    {
                        return "a second a=simulcast";
                    }

                    return Read(value, name, out simulcast, SdpValueReader.TryReadSimulcast);
                default:
                    return AcceptListAttribute(name, value);
            }
        }

        public MediaDescription Build()
        {
            // The writer groups rtpmap, rtcp-fb and fmtp lines by payload type in m= line order, the way
            // browsers print them; holding the lists in that order makes write-then-parse return the same model.
            var order = new SdpPayloadOrder(formats);
            return new MediaDescription
            {
                Kind = kind,
                Port = port,
                PortCount = portCount,
                Protocol = protocol,
                Formats = ValueList.Create<string>(formats),
                Connection = connection,
                ExtraLines = ValueList.From(extraLines),
                Mid = mid,
                Direction = direction,
                IceUfrag = iceUfrag,
                IcePwd = icePwd,
                IceOptions = iceOptions ?? ValueList<string>.Empty,
                Candidates = ValueList.From(candidates),
                EndOfCandidates = endOfCandidates,
                Fingerprints = ValueList.From(fingerprints),
                Setup = setup,
                RtcpMux = rtcpMux,
                RtcpReducedSize = rtcpReducedSize,
                RtpMaps = ValueList.From(rtpMaps.OrderBy(map => order.KeyOf(map.PayloadType))),
                Fmtps = ValueList.From(fmtps.OrderBy(fmtp => order.KeyOf(fmtp.PayloadType))),
                RtcpFeedbacks = ValueList.From(rtcpFeedbacks.OrderBy(feedback => order.KeyOf(feedback.PayloadType))),
                Extmaps = ValueList.From(extmaps),
                ExtmapAllowMixed = extmapAllowMixed,
                Msids = ValueList.From(msids),
                Ssrcs = ValueList.From(ssrcs),
                SsrcGroups = ValueList.From(ssrcGroups),
                Rids = ValueList.From(rids),
                Simulcast = simulcast,
                SctpPort = sctpPort,
                MaxMessageSize = maxMessageSize,
                OtherAttributes = ValueList.From(otherAttributes),
            };
        }

        private string? AcceptListAttribute(string name, string? value)
        {
            switch (name)
            {
                case "candidate":
                    return Add(value, name, candidates, SdpValueReader.TryReadCandidate);
                case "fingerprint":
                    return Add(value, name, fingerprints, SdpValueReader.TryReadFingerprint);
                case "rtpmap":
                    return Add(value, name, rtpMaps, SdpValueReader.TryReadRtpMap);
                case "fmtp":
                    return Add(value, name, fmtps, SdpValueReader.TryReadFmtp);
                case "rtcp-fb":
                    return Add(value, name, rtcpFeedbacks, SdpValueReader.TryReadRtcpFeedback);
                case "extmap":
                    string? error = Add(value, name, extmaps, SdpValueReader.TryReadExtmap);
                    if (error is null && extmaps.Count(extmap => extmap.Id == extmaps[^1].Id) > 1)
                    {
                        return $"a=extmap id {extmaps[^1].Id} is used twice (RFC 8285 §5)";
                    }

                    return error;
                case "msid":
                    return Add(value, name, msids, SdpValueReader.TryReadMsid);
                case "ssrc":
                    return Add(value, name, ssrcs, SdpValueReader.TryReadSsrc);
                case "ssrc-group":
                    return Add(value, name, ssrcGroups, SdpValueReader.TryReadSsrcGroup);
                case "rid":
                    error = Add(value, name, rids, SdpValueReader.TryReadRid);
                    if (error is null && rids.Count(rid => rid.Id == rids[^1].Id) > 1)
                    {
                        return $"a=rid id '{rids[^1].Id}' is used twice (RFC 8851 §4)";
                    }

                    return error;
                default:
                    otherAttributes.Add(new SdpAttribute(name, value));
                    return null;
            }
        }
    }

    private delegate bool ValueReader<T>(string value, out T? result, out string error)
        where T : class;

    private static string? Add<T>(string? value, string name, List<T> target, ValueReader<T> reader)
        where T : class
    {
        string? error = Read(value, name, out T? item, reader);
        if (item is not null)
        {
            target.Add(item);
        }

        return error;
    }

    private static string? Read<T>(string? value, string name, out T? result, ValueReader<T> reader)
        where T : class
    {
        result = null;
        if (value is null)
        {
            return $"a={name} needs a value";
        }

        return reader(value, out result, out string error) ? null : error;
    }
}
