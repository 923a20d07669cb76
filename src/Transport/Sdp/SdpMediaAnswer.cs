namespace Sfu.Transport.Sdp;

/// <summary>The codec, feedback, extension, direction and stream-identification part of an accepted RTP section.</summary>
internal static class SdpMediaAnswer
{
    public static MediaDescription Build(MediaDescription offered, MediaDescription transport, SdpAnswerOptions options, SdpMediaPlan plan)
    {
        (int payloadType, SdpCodecCapability codec)? chosen = ChooseCodec(offered, options.Codecs, plan.PreferredPayloadType);
        if (chosen is not (int payloadType, SdpCodecCapability codec))
        {
            // RFC 8829 §5.3.1: none of the offered formats is supported.
            return transport with
            {
                Port = 0,
                Formats = [offered.Formats[0]],
                IceUfrag = null,
                IcePwd = null,
                Fingerprints = [],
                Setup = null,
                Candidates = [],
                EndOfCandidates = false,
                Connection = SdpConnection.For("0.0.0.0"),
                Direction = SdpDirection.Inactive,
            };
        }

        int? rtxPayloadType = FindRtx(offered, payloadType, options.Codecs);
        var rtpMaps = new List<SdpRtpMap> { offered.RtpMapOf(payloadType)! };
        var fmtps = new List<SdpFmtp>();
        ValueList<SdpFmtpParameter> parameters = MergeParameters(offered.FmtpOf(payloadType), codec);
        if (parameters.Count > 0)
        {
            fmtps.Add(new SdpFmtp(payloadType, parameters));
        }

        var formats = new List<string> { Format(payloadType) };
        if (rtxPayloadType is int rtx)
        {
            formats.Add(Format(rtx));
            rtpMaps.Add(offered.RtpMapOf(rtx)!);
            fmtps.Add(offered.FmtpOf(rtx)!);
        }

        SdpDirection offeredDirection = offered.EffectiveDirection;
        bool weSend = plan.Direction.Sends() && offeredDirection.Receives();
        bool weReceive = plan.Direction.Receives() && offeredDirection.Sends();
        SdpSendStream? stream = weSend ? plan.Send : null;
        (ValueList<SdpRid> rids, SdpSimulcast? simulcast) = weReceive ? AnswerSimulcast(offered, formats) : ([], null);
        return transport with
        {
            Formats = ValueList.From(formats),
            Direction = SdpDirectionExtensions.FromFlags(weSend, weReceive),
            RtcpMux = true,
            RtcpReducedSize = offered.RtcpReducedSize,
            RtpMaps = ValueList.From(rtpMaps),
            Fmtps = ValueList.From(fmtps),
            RtcpFeedbacks = Feedback(offered, payloadType, codec),
            Extmaps = Extmaps(offered, options.HeaderExtensionUris),
            ExtmapAllowMixed = offered.ExtmapAllowMixed,
            Msids = stream is null ? [] : [new SdpMsid(stream.StreamId, stream.TrackId)],
            Ssrcs = stream is null ? [] : Sources(stream, rtxPayloadType is not null),
            SsrcGroups = stream?.RtxSsrc is uint rtxSsrc && rtxPayloadType is not null ? [new SdpSsrcGroup(SdpSsrcGroup.Fid, [stream.Ssrc, rtxSsrc])] : [],
            Rids = rids,
            Simulcast = simulcast,
        };
    }

    /// <summary>
    /// The offerer lists formats by preference (RFC 3264 §5.1): take the first one we support, unless the plan names
    /// an offered one we support.
    /// </summary>
    private static (int, SdpCodecCapability)? ChooseCodec(MediaDescription offered, IReadOnlyList<SdpCodecCapability> codecs, int? preferred)
    {
        if (preferred is int wanted && offered.PayloadTypes().Contains(wanted) && SdpCodecMatcher.Find(offered, wanted, codecs) is { } preferredCodec)
        {
            return (wanted, preferredCodec);
        }

        foreach (int payloadType in offered.PayloadTypes())
        {
            SdpCodecCapability? codec = SdpCodecMatcher.Find(offered, payloadType, codecs);
            if (codec is not null)
            {
                return (payloadType, codec);
            }
        }

        return null;
    }

    /// <summary>RFC 4588 §8.6: the RTX payload type whose apt names the chosen codec, when we do RTX for this kind.</summary>
    private static int? FindRtx(MediaDescription offered, int payloadType, IReadOnlyList<SdpCodecCapability> codecs)
    {
        SdpRtpMap primary = offered.RtpMapOf(payloadType)!;
        if (!codecs.Any(codec => codec.IsRtx && string.Equals(codec.Kind, offered.Kind, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        string apt = Format(payloadType);
        foreach (SdpRtpMap map in offered.RtpMaps)
        {
            if (string.Equals(map.EncodingName, SdpCodecCapability.Rtx, StringComparison.OrdinalIgnoreCase)
                && map.ClockRate == primary.ClockRate
                && offered.Formats.Contains(Format(map.PayloadType))
                && offered.FmtpOf(map.PayloadType)?.Get("apt") == apt)
            {
                return map.PayloadType;
            }
        }

        return null;
    }

    /// <summary>The offer's parameters describe the stream as sent; ours (e.g. x-google bitrates) are added after.</summary>
    private static ValueList<SdpFmtpParameter> MergeParameters(SdpFmtp? offered, SdpCodecCapability codec)
    {
        var parameters = new List<SdpFmtpParameter>(offered?.Parameters ?? []);
        foreach (SdpFmtpParameter ours in codec.Parameters)
        {
            if (offered?.Get(ours.Key) is null && !parameters.Any(p => string.Equals(p.Key, ours.Key, StringComparison.OrdinalIgnoreCase)))
            {
                parameters.Add(ours);
            }
        }

        return ValueList.From(parameters);
    }

    /// <summary>RFC 4585 §4.2: keep the offered feedback types we implement, written for the chosen payload type.</summary>
    private static ValueList<SdpRtcpFeedback> Feedback(MediaDescription offered, int payloadType, SdpCodecCapability codec)
    {
        var result = new List<SdpRtcpFeedback>();
        foreach (SdpRtcpFeedback feedback in offered.RtcpFeedbacksOf(payloadType))
        {
            bool supported = codec.Feedback.Any(ours =>
                string.Equals(ours.Type, feedback.Type, StringComparison.OrdinalIgnoreCase)
                && string.Equals(ours.Subtype, feedback.Subtype, StringComparison.OrdinalIgnoreCase));
            var answered = feedback with { PayloadType = payloadType };
            if (supported && !result.Contains(answered))
            {
                result.Add(answered);
            }
        }

        return ValueList.From(result);
    }

    /// <summary>RFC 8285 §7: the answer keeps the offered ids of the extensions it accepts, direction reversed.</summary>
    private static ValueList<SdpExtmap> Extmaps(MediaDescription offered, IReadOnlyList<string> supportedUris)
    {
        var result = new List<SdpExtmap>();
        foreach (SdpExtmap extmap in offered.Extmaps)
        {
            if (supportedUris.Contains(extmap.Uri) && extmap.Id <= 255)
            {
                result.Add(new SdpExtmap(extmap.Id, extmap.Uri, extmap.Direction?.Reverse()));
            }
        }

        return ValueList.From(result);
    }

    private static ValueList<SdpSsrcAttribute> Sources(SdpSendStream stream, bool withRtx)
    {
        var sources = new List<SdpSsrcAttribute>();
        foreach (uint ssrc in withRtx && stream.RtxSsrc is uint rtx ? [stream.Ssrc, rtx] : new[] { stream.Ssrc })
        {
            sources.Add(new SdpSsrcAttribute(ssrc, "cname", stream.Cname));
            sources.Add(new SdpSsrcAttribute(ssrc, "msid", $"{stream.StreamId} {stream.TrackId}"));
        }

        return ValueList.From(sources);
    }

    /// <summary>
    /// RFC 8853 §5.3 and RFC 8851 §4: answer each offered "send" rid with a "recv" rid of the same id, keeping its
    /// restrictions and the payload types that survived; a rid left with none of its payload types is dropped.
    /// </summary>
    private static (ValueList<SdpRid>, SdpSimulcast?) AnswerSimulcast(MediaDescription offered, List<string> formats)
    {
        if (offered.Simulcast is not { Send.Count: > 0 } simulcast)
        {
            return ([], null);
        }

        var rids = new List<SdpRid>();
        foreach (SdpRid rid in offered.Rids)
        {
            if (rid.Direction != SdpRidDirection.Send)
            {
                continue;
            }

            ValueList<int> payloadTypes = ValueList.From(rid.PayloadTypes.Where(pt => formats.Contains(Format(pt))));
            if (rid.PayloadTypes.Count == 0 || payloadTypes.Count > 0)
            {
                rids.Add(rid with { Direction = SdpRidDirection.Recv, PayloadTypes = payloadTypes });
            }
        }

        var streams = new List<ValueList<SdpSimulcastRid>>();
        foreach (ValueList<SdpSimulcastRid> alternatives in simulcast.Send)
        {
            ValueList<SdpSimulcastRid> kept = ValueList.From(alternatives.Where(alternative => rids.Any(rid => rid.Id == alternative.Rid)));
            if (kept.Count > 0)
            {
                streams.Add(kept);
            }
        }

        if (streams.Count == 0)
        {
            return ([], null);
        }

        var used = streams.SelectMany(stream => stream).Select(alternative => alternative.Rid).ToHashSet();
        return (ValueList.From(rids.Where(rid => used.Contains(rid.Id))), new SdpSimulcast { Recv = ValueList.From(streams) });
    }

    private static string Format(int payloadType) => payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
