using System.Globalization;
using System.Text;

namespace Sfu.Transport.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as SDP text with CRLF line ends (RFC 8866 §5), lines in the RFC
/// order and attributes in the order Chromium prints them, so that browsers accept it and people can diff it
/// against a browser's own description.
/// </summary>
public static class SdpWriter
{
    private const int SessionConnectionRank = 5;
    private const int SessionTimingRank = 7;
    private const int MediaConnectionRank = 2;

    public static string Write(SessionDescription sdp)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        var text = new StringBuilder(4096);
        WriteSession(text, sdp);
        foreach (MediaDescription media in sdp.Media)
        {
            WriteMedia(text, media);
        }

        return text.ToString();
    }

    private static void WriteSession(StringBuilder text, SessionDescription sdp)
    {
        SdpOrigin origin = sdp.Origin;
        Line(text, "v=0");
        Line(text, $"o={origin.UserName} {Number(origin.SessionId)} {Number(origin.SessionVersion)} {origin.NetType} {origin.AddressType} {origin.Address}");
        Line(text, "s=" + sdp.SessionName);
        WriteExtraLines(text, sdp.ExtraLines, SessionRank, 0, SessionConnectionRank);
        if (sdp.Connection is not null)
        {
            Connection(text, sdp.Connection);
        }

        WriteExtraLines(text, sdp.ExtraLines, SessionRank, SessionConnectionRank, SessionTimingRank);
        Line(text, $"t={Number(sdp.Timing.Start)} {Number(sdp.Timing.Stop)}");
        WriteExtraLines(text, sdp.ExtraLines, SessionRank, SessionTimingRank, int.MaxValue);

        if (sdp.IceLite)
        {
            Line(text, "a=ice-lite");
        }

        WriteTransportAttributes(text, sdp.IceUfrag, sdp.IcePwd, sdp.IceOptions, sdp.Fingerprints, sdp.Setup);
        foreach (SdpGroup group in sdp.Groups)
        {
            Line(text, group.Mids.Count == 0 ? "a=group:" + group.Semantics : $"a=group:{group.Semantics} {string.Join(' ', group.Mids)}");
        }

        if (sdp.ExtmapAllowMixed)
        {
            Line(text, "a=extmap-allow-mixed");
        }

        if (sdp.MsidSemantic is { } semantic)
        {
            // Chromium prints a space after the colon; RFC 8866 allows it in the value and every parser skips it.
            Line(text, semantic.Identifiers.Count == 0
                ? "a=msid-semantic: " + semantic.Semantic
                : $"a=msid-semantic: {semantic.Semantic} {string.Join(' ', semantic.Identifiers)}");
        }

        WriteOtherAttributes(text, sdp.OtherAttributes);
    }

    private static void WriteMedia(StringBuilder text, MediaDescription media)
    {
        string port = media.PortCount is int count ? $"{Number(media.Port)}/{Number(count)}" : Number(media.Port);
        Line(text, $"m={media.Kind} {port} {media.Protocol} {string.Join(' ', media.Formats)}");
        WriteExtraLines(text, media.ExtraLines, MediaRank, 0, MediaConnectionRank);
        if (media.Connection is not null)
        {
            Connection(text, media.Connection);
        }

        WriteExtraLines(text, media.ExtraLines, MediaRank, MediaConnectionRank, int.MaxValue);
        WriteTransportAttributes(text, media.IceUfrag, media.IcePwd, media.IceOptions, media.Fingerprints, media.Setup);
        if (media.Mid is not null)
        {
            Line(text, "a=mid:" + media.Mid);
        }

        foreach (SdpExtmap extmap in media.Extmaps)
        {
            string id = extmap.Direction is SdpDirection direction ? $"{Number(extmap.Id)}/{direction.ToSdpName()}" : Number(extmap.Id);
            Line(text, extmap.Attributes is null ? $"a=extmap:{id} {extmap.Uri}" : $"a=extmap:{id} {extmap.Uri} {extmap.Attributes}");
        }

        if (media.ExtmapAllowMixed)
        {
            Line(text, "a=extmap-allow-mixed");
        }

        if (media.Direction is SdpDirection mediaDirection)
        {
            Line(text, "a=" + mediaDirection.ToSdpName());
        }

        foreach (SdpMsid msid in media.Msids)
        {
            Line(text, msid.TrackId is null ? "a=msid:" + msid.StreamId : $"a=msid:{msid.StreamId} {msid.TrackId}");
        }

        if (media.RtcpMux)
        {
            Line(text, "a=rtcp-mux");
        }

        if (media.RtcpReducedSize)
        {
            Line(text, "a=rtcp-rsize");
        }

        WriteCodecAttributes(text, media);
        WriteSources(text, media);
        if (media.SctpPort is int sctpPort)
        {
            Line(text, "a=sctp-port:" + Number(sctpPort));
        }

        if (media.MaxMessageSize is long maxMessageSize)
        {
            Line(text, "a=max-message-size:" + maxMessageSize.ToString(CultureInfo.InvariantCulture));
        }

        WriteOtherAttributes(text, media.OtherAttributes);
        foreach (SdpCandidate candidate in media.Candidates)
        {
            Line(text, "a=candidate:" + CandidateValue(candidate));
        }

        if (media.EndOfCandidates)
        {
            Line(text, "a=end-of-candidates");
        }
    }

    /// <summary>The value of an <c>a=candidate:</c> line (RFC 8839 §5.1), also what trickle ICE sends alone.</summary>
    public static string CandidateValue(SdpCandidate candidate)
    {
        var value = new StringBuilder(128);
        value.Append(candidate.Foundation).Append(' ').Append(Number(candidate.Component)).Append(' ')
            .Append(candidate.Transport).Append(' ').Append(Number(candidate.Priority)).Append(' ')
            .Append(candidate.Address).Append(' ').Append(Number(candidate.Port)).Append(" typ ").Append(candidate.Type);
        if (candidate.RelatedAddress is not null)
        {
            value.Append(" raddr ").Append(candidate.RelatedAddress);
        }

        if (candidate.RelatedPort is int relatedPort)
        {
            value.Append(" rport ").Append(Number(relatedPort));
        }

        if (candidate.TcpType is not null)
        {
            value.Append(" tcptype ").Append(candidate.TcpType);
        }

        foreach (SdpCandidateExtension extension in candidate.Extensions)
        {
            value.Append(' ').Append(extension.Name).Append(' ').Append(extension.Value);
        }

        return value.ToString();
    }

    private static void WriteTransportAttributes(
        StringBuilder text,
        string? iceUfrag,
        string? icePwd,
        ValueList<string> iceOptions,
        ValueList<SdpFingerprint> fingerprints,
        SdpSetup? setup)
    {
        if (iceUfrag is not null)
        {
            Line(text, "a=ice-ufrag:" + iceUfrag);
        }

        if (icePwd is not null)
        {
            Line(text, "a=ice-pwd:" + icePwd);
        }

        if (iceOptions.Count > 0)
        {
            Line(text, "a=ice-options:" + string.Join(' ', iceOptions));
        }

        foreach (SdpFingerprint fingerprint in fingerprints)
        {
            Line(text, $"a=fingerprint:{fingerprint.Algorithm} {fingerprint.Value}");
        }

        if (setup is SdpSetup role)
        {
            Line(text, "a=setup:" + role.ToSdpName());
        }
    }

    /// <summary>rtpmap, rtcp-fb and fmtp grouped per payload type, as browsers print them (see <see cref="SdpPayloadOrder"/>).</summary>
    private static void WriteCodecAttributes(StringBuilder text, MediaDescription media)
    {
        var order = new SdpPayloadOrder(media.Formats);
        int[] mapKeys = media.RtpMaps.Select(map => order.KeyOf(map.PayloadType)).ToArray();
        int[] feedbackKeys = media.RtcpFeedbacks.Select(feedback => order.KeyOf(feedback.PayloadType)).ToArray();
        int[] fmtpKeys = media.Fmtps.Select(fmtp => order.KeyOf(fmtp.PayloadType)).ToArray();
        foreach (int key in mapKeys.Concat(feedbackKeys).Concat(fmtpKeys).Distinct().Order())
        {
            for (int i = 0; i < mapKeys.Length; i++)
            {
                if (mapKeys[i] == key)
                {
                    SdpRtpMap map = media.RtpMaps[i];
                    string channels = map.Channels is int count ? "/" + Number(count) : "";
                    Line(text, $"a=rtpmap:{Number(map.PayloadType)} {map.EncodingName}/{Number(map.ClockRate)}{channels}");
                }
            }

            for (int i = 0; i < feedbackKeys.Length; i++)
            {
                if (feedbackKeys[i] == key)
                {
                    SdpRtcpFeedback feedback = media.RtcpFeedbacks[i];
                    string payloadType = feedback.PayloadType is int number ? Number(number) : "*";
                    Line(text, feedback.Subtype is null
                        ? $"a=rtcp-fb:{payloadType} {feedback.Type}"
                        : $"a=rtcp-fb:{payloadType} {feedback.Type} {feedback.Subtype}");
                }
            }

            for (int i = 0; i < fmtpKeys.Length; i++)
            {
                if (fmtpKeys[i] == key)
                {
                    SdpFmtp fmtp = media.Fmtps[i];
                    string parameters = string.Join(';', fmtp.Parameters.Select(p => p.Value is null ? p.Key : p.Key + "=" + p.Value));
                    Line(text, parameters.Length == 0 ? "a=fmtp:" + Number(fmtp.PayloadType) : $"a=fmtp:{Number(fmtp.PayloadType)} {parameters}");
                }
            }
        }
    }

    private static void WriteSources(StringBuilder text, MediaDescription media)
    {
        foreach (SdpSsrcGroup group in media.SsrcGroups)
        {
            Line(text, $"a=ssrc-group:{group.Semantics} {string.Join(' ', group.Ssrcs.Select(ssrc => Number(ssrc)))}");
        }

        foreach (SdpSsrcAttribute ssrc in media.Ssrcs)
        {
            Line(text, ssrc.Value is null ? $"a=ssrc:{Number(ssrc.Ssrc)} {ssrc.Name}" : $"a=ssrc:{Number(ssrc.Ssrc)} {ssrc.Name}:{ssrc.Value}");
        }

        foreach (SdpRid rid in media.Rids)
        {
            var parameters = new List<string>();
            if (rid.PayloadTypes.Count > 0)
            {
                parameters.Add("pt=" + string.Join(',', rid.PayloadTypes.Select(pt => Number(pt))));
            }

            parameters.AddRange(rid.Restrictions.Select(r => r.Value is null ? r.Key : r.Key + "=" + r.Value));
            string direction = rid.Direction == SdpRidDirection.Send ? "send" : "recv";
            Line(text, parameters.Count == 0 ? $"a=rid:{rid.Id} {direction}" : $"a=rid:{rid.Id} {direction} {string.Join(';', parameters)}");
        }

        if (media.Simulcast is { } simulcast)
        {
            var parts = new List<string>();
            if (simulcast.Send.Count > 0)
            {
                parts.Add("send " + SimulcastStreams(simulcast.Send));
            }

            if (simulcast.Recv.Count > 0)
            {
                parts.Add("recv " + SimulcastStreams(simulcast.Recv));
            }

            Line(text, "a=simulcast:" + string.Join(' ', parts));
        }
    }

    private static string SimulcastStreams(ValueList<ValueList<SdpSimulcastRid>> streams) =>
        string.Join(';', streams.Select(stream => string.Join(',', stream.Select(rid => rid.Paused ? "~" + rid.Rid : rid.Rid))));

    private static void WriteOtherAttributes(StringBuilder text, ValueList<SdpAttribute> attributes)
    {
        foreach (SdpAttribute attribute in attributes)
        {
            Line(text, attribute.Value is null ? "a=" + attribute.Name : $"a={attribute.Name}:{attribute.Value}");
        }
    }

    private static void WriteExtraLines(StringBuilder text, ValueList<SdpLine> lines, Func<char, int> rank, int fromRank, int toRank)
    {
        foreach (SdpLine line in lines)
        {
            int lineRank = rank(line.Type);
            if (lineRank >= fromRank && lineRank < toRank)
            {
                Line(text, $"{line.Type}={line.Value}");
            }
        }
    }

    private static void Connection(StringBuilder text, SdpConnection connection) =>
        Line(text, $"c={connection.NetType} {connection.AddressType} {connection.Address}");

    private static int SessionRank(char type) => type switch
    {
        'i' or 'u' or 'e' or 'p' => 1,
        'b' => SessionConnectionRank + 1,
        't' or 'r' or 'z' or 'k' => SessionTimingRank,
        _ => SessionTimingRank,
    };

    private static int MediaRank(char type) => type == 'i' ? 1 : MediaConnectionRank + 1;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append("\r\n");
}
