using System.Diagnostics.CodeAnalysis;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// What a browser sends in one accepted section, as producer RTP parameters (the shape mediasoup-client would send in
/// INIT_PRODUCER, PROTOCOL §6.6.1): the answered codecs with the offer's payload types and format parameters, the
/// answered header extensions with the offer's ids, one encoding per RTP stream — by rid for RFC 8853 simulcast, else
/// by SSRC with its RFC 4588 retransmission SSRC from the FID group (RFC 5576 §4.2) — the CNAME and the mid.
/// </summary>
public static class SdpProducerParameters
{
    public static bool TryBuild(
        MediaDescription offered,
        MediaDescription answered,
        [NotNullWhen(true)] out RtpParameters? parameters,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(answered);
        parameters = null;
        if (!MediaKinds.TryParse(answered.Kind, out MediaKind kind))
        {
            error = $"section {offered.Mid}: \"{answered.Kind}\" is not audio or video";
            return false;
        }

        List<RtpCodecParameters> codecs = Codecs(offered, answered, kind);
        if (codecs.Count == 0)
        {
            error = $"section {offered.Mid}: no codec in common";
            return false;
        }

        bool withRtx = codecs.Any(c => c.IsRtx());
        List<RtpEncodingParameters> encodings = answered.Simulcast is { Recv.Count: > 0 } simulcast
            ? [.. simulcast.Recv.Select(stream => new RtpEncodingParameters { Rid = stream[0].Rid })]
            : SsrcEncodings(offered, withRtx);
        if (encodings.Count == 0)
        {
            // Without either we could only tell streams apart by mid, and simulcast layers not at all (RFC 8853 §5.1).
            error = $"section {offered.Mid}: the offer names its stream neither with a=ssrc nor with a=rid";
            return false;
        }

        string? cname = offered.Ssrcs.FirstOrDefault(s => s.Name == "cname" && !string.IsNullOrEmpty(s.Value))?.Value;
        parameters = new RtpParameters(
            codecs,
            [.. answered.Extmaps.Select(e => new RtpHeaderExtensionParameters(e.Uri, e.Id))],
            encodings,
            new RtcpParameters(cname, answered.RtcpReducedSize, Mux: true),
            Mid: offered.Mid);
        error = null;
        return true;
    }

    /// <summary>The answered formats in order; parameters as the offerer wrote them, since they describe what it sends.</summary>
    private static List<RtpCodecParameters> Codecs(MediaDescription offered, MediaDescription answered, MediaKind kind)
    {
        var codecs = new List<RtpCodecParameters>();
        foreach (int payloadType in answered.PayloadTypes())
        {
            if (answered.RtpMapOf(payloadType) is not SdpRtpMap map)
            {
                continue;
            }

            codecs.Add(new RtpCodecParameters(
                $"{kind.ToWire()}/{map.EncodingName}",
                payloadType,
                map.ClockRate,
                kind == MediaKind.Audio ? map.Channels ?? 1 : null,
                SdpFmtpValues.ToCodecParameters(offered.FmtpOf(payloadType) ?? answered.FmtpOf(payloadType)),
                [.. answered.RtcpFeedbacksOf(payloadType).Select(f => new RtcpFeedback(f.Type, f.Subtype ?? string.Empty))]));
        }

        return codecs;
    }

    /// <summary>
    /// One encoding per media SSRC: the SIM group's order when there is one (legacy simulcast), else the order of the
    /// a=ssrc lines; an SSRC that is the second member of an FID group is the retransmission stream of the first.
    /// </summary>
    private static List<RtpEncodingParameters> SsrcEncodings(MediaDescription offered, bool withRtx)
    {
        var rtxOf = new Dictionary<uint, uint>();
        foreach (SdpSsrcGroup group in offered.SsrcGroups)
        {
            if (group.Semantics == SdpSsrcGroup.Fid && group.Ssrcs.Count == 2)
            {
                rtxOf[group.Ssrcs[0]] = group.Ssrcs[1];
            }
        }

        IEnumerable<uint> media = offered.SsrcGroups.FirstOrDefault(g => g.Semantics == SdpSsrcGroup.Sim) is { } sim
            ? sim.Ssrcs
            : offered.Ssrcs.Select(s => s.Ssrc).Distinct().Where(ssrc => !rtxOf.ContainsValue(ssrc));
        return
        [
            .. media.Select(ssrc => new RtpEncodingParameters
            {
                Ssrc = ssrc,
                Rtx = withRtx && rtxOf.TryGetValue(ssrc, out uint rtx) ? new RtxParameters(rtx) : null,
            }),
        ];
    }
}
