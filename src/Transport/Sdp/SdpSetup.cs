namespace Sfu.Transport.Sdp;

/// <summary>The DTLS role attribute <c>a=setup</c> (RFC 8842 §5.2, values from RFC 4145 §4).</summary>
public enum SdpSetup
{
    /// <summary>The offerer can take either role; an answer must not say this.</summary>
    Actpass,

    /// <summary>This side opens the DTLS association: it is the DTLS client.</summary>
    Active,

    /// <summary>This side waits for the peer's ClientHello: it is the DTLS server.</summary>
    Passive,

    Holdconn,
}

public static class SdpSetupExtensions
{
    public static string ToSdpName(this SdpSetup setup) => setup switch
    {
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        SdpSetup.Holdconn => "holdconn",
        _ => "actpass",
    };

    public static bool TryParse(string name, out SdpSetup setup)
    {
        switch (name)
        {
            case "actpass": setup = SdpSetup.Actpass; return true;
            case "active": setup = SdpSetup.Active; return true;
            case "passive": setup = SdpSetup.Passive; return true;
            case "holdconn": setup = SdpSetup.Holdconn; return true;
            default: setup = SdpSetup.Actpass; return false;
        }
    }
}
