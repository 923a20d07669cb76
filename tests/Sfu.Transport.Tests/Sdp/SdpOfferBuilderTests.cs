using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

public class SdpOfferBuilderTests
{
    private static SdpOfferOptions WhipOffer() => new()
    {
        IceUfrag = "cli1",
        IcePwd = "clientPasswordOf22Char",
        Fingerprint = new SdpFingerprint("sha-256", SdpSamples.Fingerprint),
        Sections =
        [
            new SdpOfferSection(MediaDescription.Audio, SdpDirection.SendOnly)
            {
                Codecs = [new SdpOfferCodec(111, SdpSamples.Codecs[0])],
                HeaderExtensionUris = ["urn:ietf:params:rtp-hdrext:sdes:mid"],
                Send = new SdpSendStream(5000, "load", "s", "a"),
            },
            new SdpOfferSection(MediaDescription.Video, SdpDirection.SendOnly)
            {
                Codecs = [new SdpOfferCodec(96, SdpSamples.Codecs[1], RtxPayloadType: 97)],
                HeaderExtensionUris = ["urn:ietf:params:rtp-hdrext:sdes:mid", "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"],
                SimulcastRids = ["l", "m", "h"],
            },
        ],
    };

    [Fact]
    public void Whip_offer_is_bundled_actpass_sendonly_with_shared_extension_ids()
    {
        SessionDescription offer = SdpOfferBuilder.Build(WhipOffer());
        offer.BundleMids.Should().Equal("0", "1");
        offer.Media.Should().AllSatisfy(m =>
        {
            m.Setup.Should().Be(SdpSetup.Actpass);
            m.Direction.Should().Be(SdpDirection.SendOnly);
            m.RtcpMux.Should().BeTrue();
        });
        offer.Media[1].Extmaps.Should().Equal(
            new SdpExtmap(1, "urn:ietf:params:rtp-hdrext:sdes:mid"), new SdpExtmap(2, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"));
        offer.Media[1].Formats.Should().Equal("96", "97");
        offer.Media[1].Simulcast!.Send.Select(s => s[0].Rid).Should().Equal("l", "m", "h");
        offer.Media[0].Ssrcs.Should().Contain(new SdpSsrcAttribute(5000, "cname", "load"));
    }

    [Fact]
    public void Our_own_offer_round_trips_and_our_answer_builder_accepts_it()
    {
        SessionDescription offer = SdpOfferBuilder.Build(WhipOffer());
        SdpParser.TryParse(SdpWriter.Write(offer), out SessionDescription? parsed, out string? error).Should().BeTrue(error);
        parsed.Should().Be(offer);

        SdpAnswerBuilder.TryBuild(parsed!, SdpSamples.ServerSide(), out SessionDescription? answer, out error).Should().BeTrue(error);
        answer!.Media[1].Formats.Should().Equal("96", "97");
        answer.Media[1].Rids.Select(r => r.Id).Should().Equal("l", "m", "h");
    }
}
