using System.Diagnostics.CodeAnalysis;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// Answers an offer that sends media into a channel (WHIP, RFC 9725 §4.2): the sending sections that stand for the
/// microphone, camera and screen are received with the first offered codec the router supports; every other section
/// is rejected (RFC 3264 §6). All accepted sections share our one transport, so several need BUNDLE (RFC 8843).
/// </summary>
public static class SdpPublishNegotiation
{
    public static bool TryAnswer(
        SessionDescription offer,
        RtpCapabilities router,
        SdpServerTransport server,
        [NotNullWhen(true)] out SdpNegotiatedAnswer? result,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(server);
        result = null;
        IReadOnlyDictionary<string, string> types = SdpStreamTypes.ByMid(offer, s => s.EffectiveDirection.Sends());
        if (types.Count == 0)
        {
            error = "the offer sends no audio or video (no sendonly or sendrecv section with a mid)";
            return false;
        }

        if (types.Count > 1 && !types.Keys.All(offer.BundleMids.Contains))
        {
            error = "the sections that send media must be in one BUNDLE group (RFC 8843): the server has one transport for them";
            return false;
        }

        SdpAnswerOptions options = server.AnswerOptions() with
        {
            Codecs = SdpRouterCapabilities.Codecs(router),
            HeaderExtensionUris = SdpRouterCapabilities.ReceivedExtensionUris(router),
            Plan = section => section.Mid is not null && types.ContainsKey(section.Mid) ? SdpMediaPlan.Receive : SdpMediaPlan.Reject,
        };
        if (!SdpAnswerBuilder.TryBuild(offer, options, out SessionDescription? answer, out error))
        {
            return false;
        }

        var streams = new List<SdpPublishedStream>();
        SdpRemoteDtls? dtls = null;
        foreach (MediaDescription answered in answer.Media)
        {
            if (answered.IsRejected || answered.Mid is null || !types.TryGetValue(answered.Mid, out string? type))
            {
                continue;
            }

            MediaDescription offered = offer.MediaWithMid(answered.Mid)!;
            if (!SdpProducerParameters.TryBuild(offered, answered, out RtpParameters? parameters, out error))
            {
                return false;
            }

            dtls ??= SdpRemoteDtls.Of(offer, offered, answered);
            streams.Add(new SdpPublishedStream(type, parameters.Codecs[0].Kind, parameters));
        }

        if (dtls is null)
        {
            error = "no offered audio or video codec is supported by this server";
            return false;
        }

        result = new SdpNegotiatedAnswer(answer, streams, dtls);
        return true;
    }
}
