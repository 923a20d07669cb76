using System.Diagnostics.CodeAnalysis;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>A consumer an SDP client receives on one of its sections: its type and consumer parameters (client numbering, the section's mid).</summary>
public sealed record SdpForwardedStream(string Type, RtpParameters Parameters);

/// <summary>
/// Answers an offer that receives media from a channel (WHEP): its first receiving audio section plays a participant's
/// microphone, its first receiving video section that participant's camera. Each section is answered sendonly with
/// the codec, SSRC, RTX SSRC and CNAME of the consumer that feeds it (RFC 5576, RFC 8830 msid), or without a stream
/// when the participant does not send that type yet; the other sections are rejected.
/// </summary>
public static class SdpPlayNegotiation
{
    /// <summary>The mid each type plays on, so that the consumers are created with it.</summary>
    public static IReadOnlyDictionary<string, string> MidsByType(SessionDescription offer)
    {
        IReadOnlyDictionary<string, string> types = SdpStreamTypes.ByMid(offer, s => s.EffectiveDirection.Receives());
        return types.Where(t => t.Value != SdpStreamTypes.Screen).ToDictionary(t => t.Value, t => t.Key, StringComparer.Ordinal);
    }

    public static bool TryAnswer(
        SessionDescription offer,
        RtpCapabilities router,
        SdpServerTransport server,
        IReadOnlyList<SdpForwardedStream> streams,
        string streamId,
        [NotNullWhen(true)] out SdpNegotiatedAnswer? result,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(streams);
        result = null;
        var midsByType = MidsByType(offer);
        if (midsByType.Count == 0)
        {
            error = "the offer receives no audio or video (no recvonly or sendrecv section with a mid)";
            return false;
        }

        if (midsByType.Count > 1 && !midsByType.Values.All(offer.BundleMids.Contains))
        {
            error = "the sections that receive media must be in one BUNDLE group (RFC 8843): the server has one transport for them";
            return false;
        }

        var typeByMid = midsByType.ToDictionary(t => t.Value, t => t.Key, StringComparer.Ordinal);
        SdpAnswerOptions options = server.AnswerOptions() with
        {
            Codecs = SdpRouterCapabilities.Codecs(router),
            HeaderExtensionUris = SdpRouterCapabilities.SentExtensionUris(router),
            Plan = section => section.Mid is not null && typeByMid.TryGetValue(section.Mid, out string? type)
                ? PlanFor(streams.FirstOrDefault(s => s.Type == type), streamId, type)
                : SdpMediaPlan.Reject,
        };
        if (!SdpAnswerBuilder.TryBuild(offer, options, out SessionDescription? answer, out error))
        {
            return false;
        }

        MediaDescription? first = answer.Media.FirstOrDefault(m => !m.IsRejected && m.Mid is not null && typeByMid.ContainsKey(m.Mid));
        if (first is null)
        {
            error = "no offered audio or video codec is supported by this server";
            return false;
        }

        result = new SdpNegotiatedAnswer(answer, [], SdpRemoteDtls.Of(offer, offer.MediaWithMid(first.Mid!)!, first));
        return true;
    }

    private static SdpMediaPlan PlanFor(SdpForwardedStream? stream, string streamId, string type)
    {
        if (stream?.Parameters.Encodings.FirstOrDefault()?.Ssrc is not uint ssrc)
        {
            return new SdpMediaPlan(SdpDirection.SendOnly);
        }

        RtpEncodingParameters encoding = stream.Parameters.Encodings[0];
        var send = new SdpSendStream(ssrc, stream.Parameters.Rtcp.Cname ?? streamId, streamId, type) { RtxSsrc = encoding.Rtx?.Ssrc };
        return SdpMediaPlan.Sending(send) with { PreferredPayloadType = stream.Parameters.Codecs.FirstOrDefault()?.PayloadType };
    }
}
