namespace Sfu.Transport.Sdp;

/// <summary>One section of an offer we make as a client (load tool, WHIP/WHEP tests).</summary>
public sealed record SdpOfferSection(string Kind, SdpDirection Direction)
{
    /// <summary>Codecs in preference order; RTX payload types are added for codecs given one here.</summary>
    public ValueList<SdpOfferCodec> Codecs { get; init; } = ValueList<SdpOfferCodec>.Empty;

    public ValueList<string> HeaderExtensionUris { get; init; } = ValueList<string>.Empty;

    /// <summary>The stream we send when the direction sends.</summary>
    public SdpSendStream? Send { get; init; }

    /// <summary>Rids of a simulcast upload (RFC 8853 "send"), lowest layer first; empty for a single stream.</summary>
    public ValueList<string> SimulcastRids { get; init; } = ValueList<string>.Empty;

    /// <summary>For an "application" section: the data channel it offers.</summary>
    public SdpDataChannelCapability? DataChannel { get; init; }
}

/// <summary>A codec with the payload type we give it, and the payload type of its RTX (RFC 4588) if any.</summary>
public sealed record SdpOfferCodec(int PayloadType, SdpCodecCapability Codec, int? RtxPayloadType = null);

/// <summary>Our side of an offer: ICE credentials, candidates, DTLS fingerprint, sections.</summary>
public sealed record SdpOfferOptions
{
    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    public required SdpFingerprint Fingerprint { get; init; }

    public ValueList<SdpCandidate> Candidates { get; init; } = ValueList<SdpCandidate>.Empty;

    public ulong SessionId { get; init; } = 10000;

    public ValueList<SdpOfferSection> Sections { get; init; } = ValueList<SdpOfferSection>.Empty;
}

/// <summary>
/// Builds a complete offer the way a browser would for WHIP (RFC 9725 §4.2: sendonly) or WHEP (recvonly): all
/// sections BUNDLEd, mids "0", "1", …, a=setup:actpass (RFC 8842 §5.2), rtcp-mux and rtcp-rsize, one extmap id per
/// URI across the bundle (RFC 8843 §9.1.2 requires it), candidates included since nothing trickles.
/// </summary>
public static class SdpOfferBuilder
{
    public static SessionDescription Build(SdpOfferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var extensionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var sections = new List<MediaDescription>();
        SdpCandidate? defaultCandidate = options.Candidates.FirstOrDefault();
        for (int i = 0; i < options.Sections.Count; i++)
        {
            SdpOfferSection plan = options.Sections[i];
            var section = new MediaDescription
            {
                Kind = plan.Kind,
                Port = defaultCandidate?.Port ?? 9,
                Protocol = plan.DataChannel is null ? "UDP/TLS/RTP/SAVPF" : "UDP/DTLS/SCTP",
                Connection = SdpConnection.For(defaultCandidate?.Address ?? "0.0.0.0"),
                Mid = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                IceUfrag = options.IceUfrag,
                IcePwd = options.IcePwd,
                Fingerprints = [options.Fingerprint],
                Setup = SdpSetup.Actpass,
                Candidates = options.Candidates,
                EndOfCandidates = true,
            };
            sections.Add(plan.DataChannel is { } data
                ? section with { Formats = ["webrtc-datachannel"], SctpPort = data.SctpPort, MaxMessageSize = data.MaxMessageSize }
                : RtpSection(section, plan, extensionIds));
        }

        ValueList<MediaDescription> media = ValueList.From(sections);
        return new SessionDescription
        {
            Origin = SdpOrigin.Create(options.SessionId),
            Groups = [new SdpGroup(SdpGroup.Bundle, ValueList.From(sections.Select(section => section.Mid!)))],
            MsidSemantic = new SdpMsidSemantic("WMS", ["*"]),
            Media = media,
        };
    }

    private static MediaDescription RtpSection(MediaDescription section, SdpOfferSection plan, Dictionary<string, int> extensionIds)
    {
        var formats = new List<string>();
        var rtpMaps = new List<SdpRtpMap>();
        var fmtps = new List<SdpFmtp>();
        var feedback = new List<SdpRtcpFeedback>();
        foreach (SdpOfferCodec offered in plan.Codecs)
        {
            SdpCodecCapability codec = offered.Codec;
            formats.Add(Format(offered.PayloadType));
            rtpMaps.Add(new SdpRtpMap(offered.PayloadType, codec.Name, codec.ClockRate, codec.Channels));
            feedback.AddRange(codec.Feedback.Select(f => f with { PayloadType = offered.PayloadType }));
            if (codec.Parameters.Count > 0)
            {
                fmtps.Add(new SdpFmtp(offered.PayloadType, codec.Parameters));
            }

            if (offered.RtxPayloadType is int rtxPayloadType)
            {
                formats.Add(Format(rtxPayloadType));
                rtpMaps.Add(new SdpRtpMap(rtxPayloadType, SdpCodecCapability.Rtx, codec.ClockRate));
                fmtps.Add(new SdpFmtp(rtxPayloadType, [new SdpFmtpParameter("apt", Format(offered.PayloadType))]));
            }
        }

        var extmaps = new List<SdpExtmap>();
        foreach (string uri in plan.HeaderExtensionUris)
        {
            if (!extensionIds.TryGetValue(uri, out int id))
            {
                id = extensionIds.Count + 1;
                extensionIds[uri] = id;
            }

            extmaps.Add(new SdpExtmap(id, uri));
        }

        SdpSendStream? stream = plan.Direction.Sends() ? plan.Send : null;
        bool simulcast = plan.Direction.Sends() && plan.SimulcastRids.Count > 0;
        bool rtx = plan.Codecs.Any(codec => codec.RtxPayloadType is not null);
        var ssrcs = new List<SdpSsrcAttribute>();
        var groups = new List<SdpSsrcGroup>();
        if (stream is not null && !simulcast)
        {
            foreach (uint ssrc in rtx && stream.RtxSsrc is uint rtxSsrc ? [stream.Ssrc, rtxSsrc] : new[] { stream.Ssrc })
            {
                ssrcs.Add(new SdpSsrcAttribute(ssrc, "cname", stream.Cname));
                ssrcs.Add(new SdpSsrcAttribute(ssrc, "msid", $"{stream.StreamId} {stream.TrackId}"));
            }

            if (rtx && stream.RtxSsrc is uint fid)
            {
                groups.Add(new SdpSsrcGroup(SdpSsrcGroup.Fid, [stream.Ssrc, fid]));
            }
        }

        var order = new SdpPayloadOrder(formats);
        return section with
        {
            Formats = ValueList.From(formats),
            Direction = plan.Direction,
            RtcpMux = true,
            RtcpReducedSize = true,
            RtpMaps = ValueList.From(rtpMaps.OrderBy(map => order.KeyOf(map.PayloadType))),
            Fmtps = ValueList.From(fmtps.OrderBy(fmtp => order.KeyOf(fmtp.PayloadType))),
            RtcpFeedbacks = ValueList.From(feedback.OrderBy(f => order.KeyOf(f.PayloadType))),
            Extmaps = ValueList.From(extmaps),
            Msids = stream is null ? [] : [new SdpMsid(stream.StreamId, stream.TrackId)],
            Ssrcs = ValueList.From(ssrcs),
            SsrcGroups = ValueList.From(groups),
            Rids = simulcast ? ValueList.From(plan.SimulcastRids.Select(rid => new SdpRid(rid, SdpRidDirection.Send))) : [],
            Simulcast = simulcast
                ? new SdpSimulcast { Send = ValueList.From(plan.SimulcastRids.Select(rid => (ValueList<SdpSimulcastRid>)[new SdpSimulcastRid(rid)])) }
                : null,
        };
    }

    private static string Format(int payloadType) => payloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
