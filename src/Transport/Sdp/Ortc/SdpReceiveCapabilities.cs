using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// What an offerer can receive, as ORTC capabilities in its own numbering: every codec of its receiving sections with
/// the offered payload type as preferred payload type, and every header extension with the offered id (RFC 8285 §7).
/// The router matches its consumers against these and, for SDP clients, keeps the client's numbers on the wire
/// (JSEP, RFC 8829 §5.3.1: the answer reuses the offer's payload types).
/// </summary>
public static class SdpReceiveCapabilities
{
    public static RtpCapabilities FromOffer(SessionDescription offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var codecs = new List<RtpCodecCapability>();
        var extensions = new List<RtpHeaderExtension>();
        foreach (MediaDescription section in offer.Media)
        {
            if (section.IsRejected || !section.IsRtp || !section.EffectiveDirection.Receives()
                || !MediaKinds.TryParse(section.Kind, out MediaKind kind))
            {
                continue;
            }

            foreach (int payloadType in section.PayloadTypes())
            {
                if (section.RtpMapOf(payloadType) is not SdpRtpMap map
                    || codecs.Any(c => c.Kind == kind && c.PreferredPayloadType == payloadType))
                {
                    continue;
                }

                codecs.Add(new RtpCodecCapability(
                    kind,
                    $"{section.Kind}/{map.EncodingName}",
                    payloadType,
                    map.ClockRate,
                    kind == MediaKind.Audio ? map.Channels ?? 1 : null,
                    SdpFmtpValues.ToCodecParameters(section.FmtpOf(payloadType)),
                    [.. section.RtcpFeedbacksOf(payloadType).Select(f => new RtcpFeedback(f.Type, f.Subtype ?? string.Empty))]));
            }

            foreach (SdpExtmap extmap in section.Extmaps)
            {
                if (!extensions.Any(e => e.Kind == kind && e.Uri == extmap.Uri))
                {
                    extensions.Add(new RtpHeaderExtension(kind, extmap.Uri, extmap.Id, PreferredEncrypt: false, RtpHeaderExtension.SendRecv));
                }
            }
        }

        return new RtpCapabilities(codecs, extensions);
    }
}
