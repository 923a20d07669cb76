namespace Sfu.Transport.Ortc;

/// <summary>
/// The parameters every consumer of a producer is derived from (mediasoup getConsumableRtpParameters, PROTOCOL
/// §6.6.4): router payload types with the producer's codec parameters, the router extensions a consumer of that
/// kind may carry, the producer encodings re-keyed on their mapped SSRCs, and the producer's CNAME.
/// </summary>
public static class ConsumableParameters
{
    /// <param name="kind">The producer kind; selects the header extensions.</param>
    /// <param name="producerParameters">The producer parameters as returned in <see cref="ProducerRtpMapping.Parameters"/>,
    /// with rtcp.cname already set to the transport CNAME (<see cref="TransportCname"/>).</param>
    public static RtpParameters Build(
        MediaKind kind,
        RtpParameters producerParameters,
        RtpCapabilities routerCapabilities,
        RtpMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(producerParameters);
        ArgumentNullException.ThrowIfNull(routerCapabilities);
        ArgumentNullException.ThrowIfNull(mapping);

        var codecs = new List<RtpCodecParameters>();
        foreach (RtpCodecParameters codec in producerParameters.Codecs)
        {
            if (codec.IsRtx())
            {
                continue;
            }

            CodecMapping entry = mapping.Codecs.FirstOrDefault(m => m.PayloadType == codec.PayloadType)
                ?? throw new OrtcException($"no mapping for payload type {codec.PayloadType}");
            RtpCodecCapability router = routerCapabilities.Codecs.FirstOrDefault(c => c.PreferredPayloadType == entry.MappedPayloadType)
                ?? throw new OrtcException($"no router codec with payload type {entry.MappedPayloadType}");
            codecs.Add(new RtpCodecParameters(
                router.MimeType, entry.MappedPayloadType, router.ClockRate, router.Channels, codec.Parameters, router.RtcpFeedback));

            RtpCodecCapability? rtx = routerCapabilities.Codecs.FirstOrDefault(c =>
                c.IsRtx() && c.Parameters.Get("apt") == CodecParameterValue.FromNumber(entry.MappedPayloadType));
            if (rtx is not null)
            {
                codecs.Add(new RtpCodecParameters(
                    rtx.MimeType, rtx.PreferredPayloadType ?? -1, rtx.ClockRate, null, rtx.Parameters, rtx.RtcpFeedback));
            }
        }

        List<RtpHeaderExtensionParameters> extensions =
        [
            .. routerCapabilities.HeaderExtensions
                .Where(e => e.Kind == kind && e.Direction is RtpHeaderExtension.SendRecv or RtpHeaderExtension.SendOnly)
                .Select(e => new RtpHeaderExtensionParameters(e.Uri, e.PreferredId, e.PreferredEncrypt, CodecParameters.Empty)),
        ];

        if (mapping.Encodings.Count != producerParameters.Encodings.Count)
        {
            throw new OrtcException("the mapping does not cover every producer encoding");
        }

        List<RtpEncodingParameters> encodings =
        [
            .. producerParameters.Encodings.Select((e, i) => e with
            {
                Ssrc = mapping.Encodings[i].MappedSsrc,
                Rid = null,
                Rtx = null,
                CodecPayloadType = null,
            }),
        ];

        return new RtpParameters(
            codecs,
            extensions,
            encodings,
            new RtcpParameters(producerParameters.Rtcp.Cname, ReducedSize: true),
            Mid: null,
            producerParameters.Msid);
    }
}
