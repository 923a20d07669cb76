using System.Diagnostics.CodeAnalysis;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// Answers the offer of a Beep client (second founding document): one audio section, usually sendrecv, that it never
/// renegotiates. What it sends becomes its microphone; what it receives is one track, ours, into which the
/// conversation's dominant speaker is switched — answered with that track's SSRC and CNAME (RFC 5576) so the browser
/// binds it at once. Other sections are rejected.
/// </summary>
public static class SdpConverseNegotiation
{
    public static bool TryAnswer(
        SessionDescription offer,
        RtpCapabilities router,
        SdpServerTransport server,
        string cname,
        [NotNullWhen(true)] out SdpNegotiatedAnswer? result,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(server);
        result = null;
        MediaDescription? audio = offer.Media.FirstOrDefault(m => m.Kind == MediaDescription.Audio && !m.IsRejected && m.IsRtp && m.Mid is not null);
        if (audio is null)
        {
            error = "the offer has no audio section with a mid";
            return false;
        }

        uint ssrc = SsrcGenerator.Next();
        var track = new SdpSendStream(ssrc, cname, cname, "speaker");
        SdpAnswerOptions options = server.AnswerOptions() with
        {
            Codecs = ValueList.From(SdpRouterCapabilities.Codecs(router).Where(c => c.Kind == MediaDescription.Audio)),
            HeaderExtensionUris = ValueList.From(SdpRouterCapabilities.ReceivedExtensionUris(router)
                .Intersect(SdpRouterCapabilities.SentExtensionUris(router))),
            Plan = section => section.Mid == audio.Mid ? SdpMediaPlan.Sending(track, SdpDirection.SendRecv) : SdpMediaPlan.Reject,
        };
        if (!SdpAnswerBuilder.TryBuild(offer, options, out SessionDescription? answer, out error))
        {
            return false;
        }

        MediaDescription answered = answer.MediaWithMid(audio.Mid!)!;
        if (answered.IsRejected)
        {
            error = "no offered audio codec is supported by this server";
            return false;
        }

        var streams = new List<SdpPublishedStream>();
        if (answered.EffectiveDirection.Receives())
        {
            if (!SdpProducerParameters.TryBuild(audio, answered, out RtpParameters? microphone, out error))
            {
                return false;
            }

            streams.Add(new SdpPublishedStream(SdpStreamTypes.Audio, MediaKind.Audio, microphone));
        }

        RtpParameters? speaker = null;
        if (answered.EffectiveDirection.Sends())
        {
            int payloadType = answered.PayloadTypes().First();
            SdpRtpMap map = answered.RtpMapOf(payloadType)!;
            speaker = new RtpParameters(
                [new RtpCodecParameters($"audio/{map.EncodingName}", payloadType, map.ClockRate, map.Channels ?? 1,
                    SdpFmtpValues.ToCodecParameters(answered.FmtpOf(payloadType)), [])],
                [.. answered.Extmaps.Select(e => new RtpHeaderExtensionParameters(e.Uri, e.Id))],
                [new RtpEncodingParameters { Ssrc = ssrc }],
                new RtcpParameters(cname, answered.RtcpReducedSize, Mux: true),
                Mid: audio.Mid);
        }

        result = new SdpNegotiatedAnswer(answer, streams, SdpRemoteDtls.Of(offer, audio, answered)) { SpeakerTrack = speaker };
        error = null;
        return true;
    }
}
