namespace Sfu.Transport.Sdp;

public static partial class SdpParser
{
    /// <summary>Collects the session part (everything before the first m= line).</summary>
    private sealed class SessionBuilder
    {
        private readonly List<SdpLine> extraLines = [];
        private readonly List<SdpGroup> groups = [];
        private readonly List<SdpFingerprint> fingerprints = [];
        private readonly List<SdpAttribute> otherAttributes = [];
        private SdpConnection? connection;
        private bool iceLite;
        private ValueList<string>? iceOptions;
        private SdpMsidSemantic? msidSemantic;
        private string? iceUfrag;
        private string? icePwd;
        private SdpSetup? setup;
        private bool extmapAllowMixed;

        public SdpOrigin? Origin { get; set; }

        public string SessionName { get; set; } = "-";

        public SdpTiming? Timing { get; private set; }

        public string? AcceptLine(char type, string value)
        {
            switch (type)
            {
                case 'c':
                    if (connection is not null)
                    {
                        return "a second session-level c= line";
                    }

                    if (!SdpValueReader.TryReadConnection(value, out connection, out string connectionError))
                    {
                        return connectionError;
                    }

                    return null;
                case 't' when Timing is null:
                    if (!SdpValueReader.TryReadTiming(value, out SdpTiming? timing, out string timingError))
                    {
                        return timingError;
                    }

                    Timing = timing;
                    return null;
                case 'r' or 'z' when Timing is null:
                    return $"'{type}=' before any t= line";
                default:
                    extraLines.Add(new SdpLine(type, value));
                    return null;
            }
        }

        public string? AcceptAttribute(string name, string? value)
        {
            string error;
            switch (name)
            {
                case "group":
                    if (value is null)
                    {
                        return "a=group needs a value";
                    }

                    if (!SdpValueReader.TryReadGroup(value, out SdpGroup? group, out error))
                    {
                        return error;
                    }

                    groups.Add(group);
                    return null;
                case "ice-lite":
                    return Flag(name, value, ref iceLite);
                case "extmap-allow-mixed":
                    return Flag(name, value, ref extmapAllowMixed);
                case "ice-options":
                    if (iceOptions is not null)
                    {
                        return "a second a=ice-options";
                    }

                    return value is not null && SdpValueReader.TryReadIceOptions(value, out iceOptions, out error) ? null : "a=ice-options needs option tags";
                case "msid-semantic":
                    if (msidSemantic is not null)
                    {
                        return "a second a=msid-semantic";
                    }

                    return value is not null && SdpValueReader.TryReadMsidSemantic(value, out msidSemantic, out error) ? null : "a=msid-semantic needs a semantic";
                case "ice-ufrag":
                    return Credential(name, value, 4, ref iceUfrag);
                case "ice-pwd":
                    return Credential(name, value, 22, ref icePwd);
                case "fingerprint":
                    if (value is null || !SdpValueReader.TryReadFingerprint(value, out SdpFingerprint? fingerprint, out error))
                    {
                        return "a=fingerprint needs a hash name and colon-separated hex pairs";
                    }

                    fingerprints.Add(fingerprint);
                    return null;
                case "setup":
                    return ReadSetup(value, ref setup);
                default:
                    otherAttributes.Add(new SdpAttribute(name, value));
                    return null;
            }
        }

        public SessionDescription Build(ValueList<MediaDescription> media) => new()
        {
            Origin = Origin ?? SdpOrigin.Create(0),
            SessionName = SessionName,
            Connection = connection,
            Timing = Timing ?? new SdpTiming(0, 0),
            ExtraLines = ValueList.From(extraLines),
            Groups = ValueList.From(groups),
            IceLite = iceLite,
            IceOptions = iceOptions ?? ValueList<string>.Empty,
            MsidSemantic = msidSemantic,
            IceUfrag = iceUfrag,
            IcePwd = icePwd,
            Fingerprints = ValueList.From(fingerprints),
            Setup = setup,
            ExtmapAllowMixed = extmapAllowMixed,
            OtherAttributes = ValueList.From(otherAttributes),
            Media = media,
        };
    }

    private static string? Flag(string name, string? value, ref bool flag)
    {
        if (value is not null)
        {
            return $"a={name} takes no value";
        }

        flag = true;
        return null;
    }

    private static string? Credential(string name, string? value, int minLength, ref string? target)
    {
        if (target is not null)
        {
            return $"a second a={name}";
        }

        if (value is null)
        {
            return $"a={name} needs a value";
        }

        if (!SdpValueReader.TryReadIceCredential(name, value, minLength, out string error))
        {
            return error;
        }

        target = value;
        return null;
    }

    private static string? ReadSetup(string? value, ref SdpSetup? target)
    {
        if (target is not null)
        {
            return "a second a=setup";
        }

        if (value is null || !SdpSetupExtensions.TryParse(value, out SdpSetup parsed))
        {
            return "a=setup must be actpass, active, passive or holdconn";
        }

        target = parsed;
        return null;
    }
}
