using System.Diagnostics.CodeAnalysis;

namespace Sfu.Transport.Sdp;

/// <summary>
/// Builds our answer to a complete (non-trickle) offer, following RFC 8829 §5.3.1: one answer section per offered
/// section, same mids and order; sections we cannot or will not use are rejected with port 0 (RFC 3264 §6);
/// accepted ones carry the first offered codec we support with its RTX, the intersection of RTCP feedback and
/// header extensions, the direction reversed and narrowed to our plan, and "recv" simulcast for offered "send"
/// simulcast (RFC 8853 §5.3). Accepted sections that were bundled stay in the answer's BUNDLE group (RFC 8843 §7.3).
/// </summary>
public static class SdpAnswerBuilder
{
    public static bool TryBuild(
        SessionDescription offer,
        SdpAnswerOptions options,
        [NotNullWhen(true)] out SessionDescription? answer,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        answer = null;
        if (offer.Media.Count == 0)
        {
            error = "the offer has no media section";
            return false;
        }

        var sections = new List<MediaDescription>(offer.Media.Count);
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            MediaDescription offered = offer.Media[i];
            if (!TryAnswerSection(offer, offered, options, out MediaDescription? section, out error))
            {
                error = $"media section {i + 1}: {error}";
                return false;
            }

            if (!section.IsRejected && section.Mid is not null)
            {
                accepted.Add(section.Mid);
            }

            sections.Add(section);
        }

        var groups = new List<SdpGroup>();
        ValueList<string> offeredBundle = offer.BundleMids;
        if (offeredBundle.Count > 0)
        {
            groups.Add(new SdpGroup(SdpGroup.Bundle, ValueList.From(offeredBundle.Where(accepted.Contains))));
        }

        answer = new SessionDescription
        {
            Origin = SdpOrigin.Create(options.SessionId),
            Groups = ValueList.From(groups),
            IceLite = options.IceLite,
            MsidSemantic = new SdpMsidSemantic("WMS", ["*"]),
            ExtmapAllowMixed = offer.ExtmapAllowMixed,
            Media = ValueList.From(sections),
        };
        error = null;
        return true;
    }

    private static bool TryAnswerSection(
        SessionDescription offer,
        MediaDescription offered,
        SdpAnswerOptions options,
        [NotNullWhen(true)] out MediaDescription? section,
        out string error)
    {
        section = null;
        error = "";
        if (offered.IsRejected)
        {
            section = Rejected(offered);
            return true;
        }

        if (offered.Mid is null)
        {
            error = "no a=mid (RFC 8829 §5.2.1 requires one in every section)";
            return false;
        }

        SdpMediaPlan plan = options.Plan(offered);
        bool isData = offered.Kind == MediaDescription.Application && offered.Formats.Contains("webrtc-datachannel");
        bool isMedia = offered.Kind is MediaDescription.Audio or MediaDescription.Video && offered.IsRtp;
        if (plan.Rejected || (isData && options.DataChannel is null) || (!isData && !isMedia) || (isMedia && !offered.RtcpMux))
        {
            // Without rtcp-mux we would need a second port for RTCP (RFC 5761 §5.1.3); we only have one.
            section = Rejected(offered);
            return true;
        }

        if (offer.IceUfragFor(offered) is null || offer.IcePwdFor(offered) is null || offer.FingerprintsFor(offered).Count == 0)
        {
            error = "no ICE credentials or DTLS fingerprint (RFC 8839 §5.4, RFC 8842 §5.1)";
            return false;
        }

        SdpSetup? offeredSetup = offer.SetupFor(offered);
        if (offeredSetup == SdpSetup.Holdconn)
        {
            error = "a=setup:holdconn cannot start DTLS";
            return false;
        }

        // RFC 8842 §5.2: answer active to passive, passive to active, and pick for actpass. A missing setup means
        // the offerer is active (RFC 4145 §4), so we wait.
        SdpSetup setup = offeredSetup switch
        {
            SdpSetup.Actpass => options.SetupWhenOfferIsActpass,
            SdpSetup.Passive => SdpSetup.Active,
            _ => SdpSetup.Passive,
        };

        MediaDescription transport = Transport(offered, options, setup);
        section = isData ? DataSection(transport, options.DataChannel!) : SdpMediaAnswer.Build(offered, transport, options, plan);
        return true;
    }

    /// <summary>RFC 3264 §6: same media and protocol, port 0, at least one format; the mid stays (RFC 8829 §5.3.1).</summary>
    private static MediaDescription Rejected(MediaDescription offered) => new()
    {
        Kind = offered.Kind,
        Port = 0,
        Protocol = offered.Protocol,
        Formats = offered.Formats.Count > 0 ? [offered.Formats[0]] : ["0"],
        Connection = SdpConnection.For("0.0.0.0"),
        Mid = offered.Mid,
        Direction = offered.IsRtp ? SdpDirection.Inactive : null,
    };

    /// <summary>The transport part every accepted section repeats: default candidate, ICE, DTLS, mid.</summary>
    private static MediaDescription Transport(MediaDescription offered, SdpAnswerOptions options, SdpSetup setup)
    {
        SdpCandidate? defaultCandidate = options.Candidates.FirstOrDefault(c => string.Equals(c.Transport, "udp", StringComparison.OrdinalIgnoreCase))
            ?? options.Candidates.FirstOrDefault();
        return new MediaDescription
        {
            Kind = offered.Kind,
            Port = defaultCandidate?.Port ?? 9,
            Protocol = offered.Protocol,
            Connection = SdpConnection.For(defaultCandidate?.Address ?? "0.0.0.0"),
            Mid = offered.Mid,
            IceUfrag = options.IceUfrag,
            IcePwd = options.IcePwd,
            Fingerprints = [options.Fingerprint],
            Setup = setup,
            Candidates = options.Candidates,
            EndOfCandidates = true,
        };
    }

    /// <summary>RFC 8841 §6: max-message-size says what the writer can receive, so it is ours, not an echo.</summary>
    private static MediaDescription DataSection(MediaDescription transport, SdpDataChannelCapability dataChannel) =>
        transport with
        {
            Formats = ["webrtc-datachannel"],
            SctpPort = dataChannel.SctpPort,
            MaxMessageSize = dataChannel.MaxMessageSize,
        };
}
