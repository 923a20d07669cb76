using Sfu.Transport.Rtp.Extensions;

namespace Sfu.Transport.Ortc;

/// <summary>
/// canConsume and the consumer RTP parameters (mediasoup canConsume / getConsumerRtpParameters, PROTOCOL §6.5,
/// §6.6.5): what one client receives of one producer, built from the producer's consumable parameters and the
/// client's validated receive capabilities.
/// </summary>
public static class ConsumerParameters
{
    /// <summary>
    /// True when some capability codec matches (strict) a consumable codec and the first such consumable codec is a
    /// media codec, not RTX.
    /// </summary>
    public static bool CanConsume(RtpParameters consumable, RtpCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(consumable);
        ArgumentNullException.ThrowIfNull(capabilities);
        RtpCodecParameters? first = consumable.Codecs.FirstOrDefault(codec =>
            capabilities.Codecs.Any(cap => CodecMatching.Matches(cap, codec, strict: true)));
        return first is not null && !first.IsRtx();
    }

    /// <summary>RTX is enabled for video consumers and disabled for audio ones (PROTOCOL §6.5 step 1).</summary>
    public static bool RtxEnabledFor(MediaKind kind) => kind == MediaKind.Video;

    /// <summary>
    /// Builds the consumer parameters; <c>mid</c> is left unset for the download transport to assign.
    /// </summary>
    /// <param name="consumable">From <see cref="ConsumableParameters.Build"/>.</param>
    /// <param name="capabilities">The consuming client's capabilities (<see cref="RtpCapabilitiesReader"/>).</param>
    /// <param name="pipe">Pipe consumers keep every encoding; the Odoo SFU never uses them.</param>
    /// <param name="enableRtx">Keep RTX codecs and plain NACK (see <see cref="RtxEnabledFor"/>).</param>
    /// <param name="nextSsrc">Source of random SSRCs, normally <see cref="SsrcGenerator.Next"/>.</param>
    /// <exception cref="OrtcException">"no compatible media codecs" when the client cannot receive the producer.</exception>
    public static RtpParameters Build(
        RtpParameters consumable,
        RtpCapabilities capabilities,
        bool pipe,
        bool enableRtx,
        Func<uint> nextSsrc)
    {
        ArgumentNullException.ThrowIfNull(consumable);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(nextSsrc);

        var codecs = new List<RtpCodecParameters>();
        foreach (RtpCodecParameters codec in consumable.Codecs)
        {
            if (!enableRtx && codec.IsRtx())
            {
                continue;
            }

            RtpCodecCapability? cap = capabilities.Codecs.FirstOrDefault(c => CodecMatching.Matches(c, codec, strict: true));
            if (cap is null)
            {
                continue;
            }

            // The client's feedback; without RTX, plain NACK would ask for retransmissions nobody sends.
            codecs.Add(codec with
            {
                RtcpFeedback = [.. cap.RtcpFeedback.Where(fb => enableRtx || fb.Type != "nack" || fb.Parameter.Length > 0)],
            });
        }

        // RTX codecs whose media codec did not survive are useless.
        codecs.RemoveAll(c => c.IsRtx() && !codecs.Any(m => c.Parameters.Get("apt") == CodecParameterValue.FromNumber(m.PayloadType)));
        bool rtxSupported = codecs.Any(c => c.IsRtx());
        if (codecs.Count == 0 || codecs[0].IsRtx())
        {
            throw new OrtcException("no compatible media codecs");
        }

        List<RtpHeaderExtensionParameters> extensions =
        [
            .. consumable.HeaderExtensions.Where(ext =>
                capabilities.HeaderExtensions.Any(cap => cap.PreferredId == ext.Id && cap.Uri == ext.Uri)),
        ];

        codecs = ReduceCongestionControlFeedback(codecs, extensions);
        IReadOnlyList<RtpEncodingParameters> encodings = pipe
            ? PipeEncodings(consumable, rtxSupported, nextSsrc)
            : [SingleEncoding(consumable, rtxSupported, nextSsrc)];

        return new RtpParameters(codecs, extensions, encodings, consumable.Rtcp, Mid: null, consumable.Msid);
    }

    /// <summary>
    /// One congestion controller per stream: transport-cc when the transport-wide sequence extension is kept, else
    /// REMB when abs-send-time is, else neither (PROTOCOL §6.5 step 3).
    /// </summary>
    private static List<RtpCodecParameters> ReduceCongestionControlFeedback(
        List<RtpCodecParameters> codecs,
        List<RtpHeaderExtensionParameters> extensions)
    {
        Func<RtcpFeedback, bool> keep;
        if (extensions.Any(e => e.Uri == RtpExtensionUris.TransportWideCc))
        {
            keep = fb => fb.Type != "goog-remb";
        }
        else if (extensions.Any(e => e.Uri == RtpExtensionUris.AbsSendTime))
        {
            keep = fb => fb.Type != "transport-cc";
        }
        else
        {
            keep = fb => fb.Type is not "transport-cc" and not "goog-remb";
        }

        return [.. codecs.Select(c => c with { RtcpFeedback = [.. c.RtcpFeedback.Where(keep)] })];
    }

    /// <summary>
    /// The single encoding of a normal consumer: fresh SSRC (+1 for RTX), the scalability mode (for simulcast,
    /// "L&lt;encodings&gt;T&lt;temporal layers&gt;") and the largest producer maxBitrate.
    /// </summary>
    private static RtpEncodingParameters SingleEncoding(RtpParameters consumable, bool rtxSupported, Func<uint> nextSsrc)
    {
        uint ssrc = nextSsrc();
        string? scalabilityMode = consumable.Encodings.FirstOrDefault(e => !string.IsNullOrEmpty(e.ScalabilityMode))?.ScalabilityMode;
        if (consumable.Encodings.Count > 1)
        {
            scalabilityMode = $"L{consumable.Encodings.Count}T{ScalabilityMode.Parse(scalabilityMode).TemporalLayers}";
        }

        double maxBitrate = 0;
        foreach (RtpEncodingParameters encoding in consumable.Encodings)
        {
            if (encoding.MaxBitrate is double bitrate && bitrate > maxBitrate)
            {
                maxBitrate = bitrate;
            }
        }

        return new RtpEncodingParameters
        {
            Ssrc = ssrc,
            Rtx = rtxSupported ? new RtxParameters(ssrc + 1) : null,
            ScalabilityMode = scalabilityMode,
            MaxBitrate = maxBitrate > 0 ? maxBitrate : null,
        };
    }

    /// <summary>Pipe consumers: every encoding kept, SSRCs and RTX SSRCs from two random bases.</summary>
    private static List<RtpEncodingParameters> PipeEncodings(RtpParameters consumable, bool rtxSupported, Func<uint> nextSsrc)
    {
        uint baseSsrc = nextSsrc();
        uint baseRtxSsrc = nextSsrc();
        return
        [
            .. consumable.Encodings.Select((e, i) => e with
            {
                Ssrc = baseSsrc + (uint)i,
                Rtx = rtxSupported ? new RtxParameters(baseRtxSsrc + (uint)i) : null,
            }),
        ];
    }
}
