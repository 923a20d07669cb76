using System.Globalization;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// The router's RTP capabilities (the ORTC model every producer and consumer is checked against) in the shape the SDP
/// answer builder takes: codecs by name with their format parameters as SDP text, and the header extension URIs the
/// router accepts from senders or writes for receivers (PROTOCOL §6.1 directions, from the router's point of view).
/// </summary>
public static class SdpRouterCapabilities
{
    public static ValueList<SdpCodecCapability> Codecs(RtpCapabilities router)
    {
        ArgumentNullException.ThrowIfNull(router);
        var codecs = new List<SdpCodecCapability>();
        foreach (RtpCodecCapability codec in router.Codecs)
        {
            // One "rtx" entry per kind is enough: the answer pairs RTX with the chosen codec through the offer's apt.
            bool isRtx = codec.IsRtx();
            string kind = codec.Kind.ToWire();
            if (isRtx && codecs.Any(c => c.IsRtx && c.Kind == kind))
            {
                continue;
            }

            codecs.Add(new SdpCodecCapability(kind, NameOf(codec.MimeType), codec.ClockRate, codec.Channels)
            {
                Parameters = isRtx ? [] : ValueList.From(codec.Parameters.Select(p => new SdpFmtpParameter(p.Key, Text(p.Value)))),
                Feedback = ValueList.From(codec.RtcpFeedback.Select(f => new SdpRtcpFeedback(null, f.Type, f.Parameter.Length == 0 ? null : f.Parameter))),
            });
        }

        return ValueList.From(codecs);
    }

    /// <summary>URIs the router reads on packets it receives (directions sendrecv and recvonly).</summary>
    public static ValueList<string> ReceivedExtensionUris(RtpCapabilities router) =>
        ExtensionUris(router, e => e.Direction is RtpHeaderExtension.SendRecv or RtpHeaderExtension.RecvOnly);

    /// <summary>URIs the router writes on packets it sends (directions sendrecv and sendonly).</summary>
    public static ValueList<string> SentExtensionUris(RtpCapabilities router) =>
        ExtensionUris(router, e => e.Direction is RtpHeaderExtension.SendRecv or RtpHeaderExtension.SendOnly);

    /// <summary>"video/VP8" → "VP8": SDP names a codec by its encoding name (RFC 8866 §6.6).</summary>
    public static string NameOf(string mimeType)
    {
        int slash = mimeType.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? mimeType : mimeType[(slash + 1)..];
    }

    private static ValueList<string> ExtensionUris(RtpCapabilities router, Func<RtpHeaderExtension, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(router);
        return ValueList.From(router.HeaderExtensions.Where(keep).Select(e => e.Uri).Distinct(StringComparer.Ordinal));
    }

    private static string Text(CodecParameterValue value) =>
        value.IsString ? value.Text! : value.Number.ToString(CultureInfo.InvariantCulture);
}
