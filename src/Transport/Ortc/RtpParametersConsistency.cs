namespace Sfu.Transport.Ortc;

/// <summary>
/// The checks mediasoup's worker applies to producer RTP parameters after the Node-side validation
/// (RtpParameters::ValidateCodecs / ValidateEncodings): unique payload types, RTX codecs whose <c>apt</c> names a
/// media codec, at least one media codec, an encoding's codecPayloadType naming a media codec, and no encoding
/// with several spatial layers inside simulcast.
/// </summary>
internal static class RtpParametersConsistency
{
    public static void Check(RtpParameters parameters)
    {
        var seen = new HashSet<int>();
        foreach (RtpCodecParameters codec in parameters.Codecs)
        {
            if (!seen.Add(codec.PayloadType))
            {
                throw new OrtcException("duplicated payloadType " + codec.PayloadType);
            }
        }

        foreach (RtpCodecParameters codec in parameters.Codecs)
        {
            if (!codec.IsRtx())
            {
                continue;
            }

            if (!codec.Parameters.TryGet("apt", out CodecParameterValue apt))
            {
                throw new OrtcException("missing apt parameter in RTX codec " + codec.PayloadType);
            }

            RtpCodecParameters? associated = parameters.Codecs.FirstOrDefault(c => apt == CodecParameterValue.FromNumber(c.PayloadType));
            if (associated is null)
            {
                throw new OrtcException("apt in RTX codec " + codec.PayloadType + " points to a non existing codec");
            }

            if (associated.IsRtx())
            {
                throw new OrtcException("apt in RTX codec " + codec.PayloadType + " points to a RTX codec");
            }
        }

        if (parameters.Codecs.All(c => c.IsRtx()))
        {
            throw new OrtcException("no media codecs found");
        }

        foreach (RtpEncodingParameters encoding in parameters.Encodings)
        {
            if (encoding.CodecPayloadType is int payloadType)
            {
                RtpCodecParameters? codec = parameters.Codecs.FirstOrDefault(c => c.PayloadType == payloadType);
                if (codec is null)
                {
                    throw new OrtcException("unknown codecPayloadType " + payloadType);
                }

                if (codec.IsRtx())
                {
                    throw new OrtcException("invalid codecPayloadType " + payloadType);
                }
            }

            if (parameters.Encodings.Count > 1 && ScalabilityMode.Parse(encoding.ScalabilityMode).SpatialLayers > 1)
            {
                throw new OrtcException("cannot use both simulcast and encodings with multiple SVC spatial layers");
            }
        }
    }
}
