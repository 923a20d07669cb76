using Sfu.Transport.Ortc;

namespace Sfu.Transport.Media;

/// <summary>The header extensions the forwarding path reads or writes itself (RFC 8285 URIs, PROTOCOL.md §7.2–§7.3).</summary>
public static class HeaderExtensionUris
{
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string Rid = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRid = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>The id negotiated for <paramref name="uri"/>, 0 when absent.</summary>
    public static byte IdOf(RtpParameters parameters, string uri)
    {
        foreach (RtpHeaderExtensionParameters extension in parameters.HeaderExtensions)
        {
            if (extension.Uri == uri && extension.Id is > 0 and < 256)
            {
                return (byte)extension.Id;
            }
        }

        return 0;
    }

    /// <summary>Extensions the forwarder adds itself: never copied from the producer's packets.</summary>
    public static bool IsOwnedByForwarder(string uri) =>
        uri is Mid or Rid or RepairedRid or AbsSendTime or TransportWideCc;
}
