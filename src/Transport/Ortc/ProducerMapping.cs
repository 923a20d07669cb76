namespace Sfu.Transport.Ortc;

/// <summary>
/// Maps a producer's RTP parameters onto the router (mediasoup getProducerRtpParametersMapping, PROTOCOL §6.6.3):
/// every media codec must match a router codec (strict, with H264 profile-level-id negotiation), every RTX codec
/// must point to a media codec whose router codec has an RTX companion, and every encoding gets a mapped SSRC
/// (a random base, +1 per following encoding).
/// </summary>
public static class ProducerMapping
{
    /// <param name="parameters">Validated producer parameters (<see cref="RtpParametersReader"/>).</param>
    /// <param name="routerCapabilities">The router's capabilities (<see cref="RouterCapabilities"/>).</param>
    /// <param name="nextSsrc">Source of the base mapped SSRC, normally <see cref="SsrcGenerator.Next"/>.</param>
    public static ProducerRtpMapping Map(RtpParameters parameters, RtpCapabilities routerCapabilities, Func<uint> nextSsrc)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(routerCapabilities);
        ArgumentNullException.ThrowIfNull(nextSsrc);

        var codecs = new List<RtpCodecParameters>(parameters.Codecs);
        var mediaMatches = new List<(int Index, RtpCodecCapability Router)>();
        for (int i = 0; i < codecs.Count; i++)
        {
            RtpCodecParameters codec = codecs[i];
            if (codec.IsRtx())
            {
                continue;
            }

            RtpCodecCapability? matched = null;
            foreach (RtpCodecCapability candidate in routerCapabilities.Codecs)
            {
                if (CodecMatching.Match(codec, candidate, strict: true, out CodecParameters modified))
                {
                    matched = candidate;
                    codecs[i] = codec with { Parameters = modified };
                    break;
                }
            }

            if (matched is null)
            {
                throw new OrtcException($"unsupported codec [mimeType:{codec.MimeType}, payloadType:{codec.PayloadType}]");
            }

            mediaMatches.Add((i, matched));
        }

        var rtxMatches = new List<(int Index, RtpCodecCapability Router)>();
        for (int i = 0; i < codecs.Count; i++)
        {
            RtpCodecParameters codec = codecs[i];
            if (!codec.IsRtx())
            {
                continue;
            }

            CodecParameterValue? apt = codec.Parameters.Get("apt");
            int mediaIndex = codecs.FindIndex(c => apt == CodecParameterValue.FromNumber(c.PayloadType));
            int matchIndex = mediaMatches.FindIndex(m => m.Index == mediaIndex);
            if (mediaIndex < 0 || matchIndex < 0)
            {
                throw new OrtcException($"missing media codec found for RTX PT {codec.PayloadType}");
            }

            int routerMediaType = mediaMatches[matchIndex].Router.PreferredPayloadType ?? -1;
            RtpCodecCapability? routerRtx = routerCapabilities.Codecs.FirstOrDefault(c =>
                c.IsRtx() && c.Parameters.Get("apt") == CodecParameterValue.FromNumber(routerMediaType));
            if (routerRtx is null)
            {
                throw new OrtcException($"no RTX codec for capability codec PT {routerMediaType}");
            }

            rtxMatches.Add((i, routerRtx));
        }

        // Media codecs first, then RTX codecs, each in producer order (mediasoup's Map insertion order).
        List<CodecMapping> codecMappings =
        [
            .. mediaMatches.Concat(rtxMatches).Select(m => new CodecMapping(codecs[m.Index].PayloadType, m.Router.PreferredPayloadType ?? -1)),
        ];

        uint mappedSsrc = nextSsrc();
        var encodingMappings = new List<EncodingMapping>();
        foreach (RtpEncodingParameters encoding in parameters.Encodings)
        {
            encodingMappings.Add(new EncodingMapping(encoding.Ssrc, encoding.Rid, encoding.ScalabilityMode, mappedSsrc++));
        }

        return new ProducerRtpMapping(parameters with { Codecs = codecs }, new RtpMapping(codecMappings, encodingMappings));
    }
}
