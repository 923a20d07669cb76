namespace Sfu.Transport.Ortc;

/// <summary>How a producer's streams are forwarded (PROTOCOL §6.6.3 step 4, §7.4).</summary>
public enum ProducerType
{
    /// <summary>One stream, forwarded as is.</summary>
    Simple,

    /// <summary>Several encodings (or one encoding with temporal layers for VP8/H264): one layer forwarded at a time.</summary>
    Simulcast,

    /// <summary>One VP9/AV1 encoding with several layers, selected inside the stream.</summary>
    Svc,
}

/// <summary>Decides the <see cref="ProducerType"/> from validated producer parameters.</summary>
public static class ProducerTypes
{
    public static ProducerType Of(RtpParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Encodings.Count > 1)
        {
            return ProducerType.Simulcast;
        }

        ScalabilityMode mode = ScalabilityMode.Parse(parameters.Encodings.Count == 1 ? parameters.Encodings[0].ScalabilityMode : null);
        if (mode.SpatialLayers <= 1 && mode.TemporalLayers <= 1)
        {
            return ProducerType.Simple;
        }

        RtpCodecParameters? media = parameters.Codecs.FirstOrDefault(c => !c.IsRtx());
        return media?.MimeType.ToLowerInvariant() switch
        {
            "video/vp9" or "video/av1" => ProducerType.Svc,
            "video/vp8" or "video/h264" => ProducerType.Simulcast,
            _ => ProducerType.Simple,
        };
    }
}
