using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sfu.Actors.Auth;
using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Sdp;
using Sfu.Web.Tests.Media;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Sdp;

/// <summary>
/// WHEP media through the whole server with a client-mode viewer: an Odoo-protocol participant publishes Opus and
/// VP8; a plain SDP peer plays them and receives them on the SSRCs its answer announced, in its own payload types
/// and on its own mids — not the router's numbers, which only mediasoup-client adopts.
/// </summary>
public sealed class WhepMediaTests
{
    [Fact]
    public async Task A_viewer_receives_the_participants_audio_and_camera_in_the_numbering_of_its_offer()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        Participant alice = await call.JoinAsync(1);
        await alice.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", 11_111, "alice"));
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("1", 22_222, 22_223, "alice"));

        SdpTestPeer viewer = await SdpTestPeer.CreateAsync(call.Loop, call.Options);
        string answerText = await PlayAsync(call, viewer, played: 1, viewerSession: 3);

        SdpParser.TryParse(answerText, out SessionDescription? answer, out string? error).Should().BeTrue(error);
        MediaDescription audioAnswer = answer!.Media[0];
        MediaDescription videoAnswer = answer.Media[1];
        audioAnswer.Direction.Should().Be(SdpDirection.SendOnly);
        audioAnswer.Formats.Should().Equal("109");
        videoAnswer.Formats.Should().Equal("120", "121");
        uint audioSsrc = audioAnswer.Ssrcs[0].Ssrc;
        uint videoSsrc = videoAnswer.Ssrcs[0].Ssrc;
        videoAnswer.SsrcGroups.Should().ContainSingle(g => g.Semantics == SdpSsrcGroup.Fid && g.Ssrcs[0] == videoSsrc);

        await viewer.ConnectAsync(answerText);
        await MediaForwardingTests.SendAsync(call, alice, frames: 60);
        await MediaCall.WaitUntilAsync(() => viewer.Received.Count(p => p.Ssrc == audioSsrc) >= 40 && viewer.Received.Any(p => p.Ssrc == videoSsrc),
            "the viewer received alice's audio and camera");

        PeerPacket[] packets = [.. viewer.Received];
        packets.Where(p => p.Ssrc == audioSsrc).Should().OnlyContain(p => p.PayloadType == 109 && p.Mid == "0");
        packets.Where(p => p.Ssrc == videoSsrc).Should().OnlyContain(p => p.PayloadType == 120 && p.Mid == "1");
        packets.Should().OnlyContain(p => p.Ssrc == audioSsrc || p.Ssrc == videoSsrc, "nothing but what the answer announced");
        await viewer.CloseAsync();
    }

    [Fact]
    public async Task A_camera_started_after_the_answer_still_reaches_the_viewer_on_the_video_mid()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        Participant alice = await call.JoinAsync(1);
        await alice.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", 11_111, "alice"));

        SdpTestPeer viewer = await SdpTestPeer.CreateAsync(call.Loop, call.Options);
        string answerText = await PlayAsync(call, viewer, played: 1, viewerSession: 4);
        SdpParser.TryParse(answerText, out SessionDescription? answer, out _).Should().BeTrue();
        answer!.Media[1].Direction.Should().Be(SdpDirection.SendOnly);
        answer.Media[1].Ssrcs.Should().BeEmpty("alice had no camera when the offer was answered");
        await viewer.ConnectAsync(answerText);

        // The consumer created later carries the section's mid and payload type, by which the peer routes it
        // (RFC 8843 §9.2): no renegotiation needed.
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("1", 22_222, 22_223, "alice"));
        await Task.Delay(300);
        await MediaForwardingTests.SendAsync(call, alice, frames: 30);
        await MediaCall.WaitUntilAsync(() => viewer.Received.Any(p => p.Mid == "1"), "the viewer received alice's camera");
        viewer.Received.Where(p => p.Mid == "1").Should().OnlyContain(p => p.PayloadType == 120);
        await viewer.CloseAsync();
    }

    /// <summary>POSTs a recvonly offer (Opus as 109, VP8 as 120 with RTX 121) to play session <paramref name="played"/>.</summary>
    private static async Task<string> PlayAsync(MediaCall call, SdpTestPeer viewer, int played, int viewerSession)
    {
        SdpCodecCapability vp8 = new(MediaDescription.Video, "VP8", 90000)
        {
            Feedback = [new(null, "nack"), new(null, "nack", "pli"), new(null, "ccm", "fir")],
        };
        SessionDescription offer = viewer.Offer(
            new SdpOfferSection(MediaDescription.Audio, SdpDirection.RecvOnly)
            {
                Codecs = [new SdpOfferCodec(109, new SdpCodecCapability(MediaDescription.Audio, "opus", 48000, 2))],
                HeaderExtensionUris = [SdpTestPeer.MidUri],
            },
            new SdpOfferSection(MediaDescription.Video, SdpDirection.RecvOnly)
            {
                Codecs = [new SdpOfferCodec(120, vp8, RtxPayloadType: 121)],
                HeaderExtensionUris = [SdpTestPeer.MidUri],
            });

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/whep/{call.Channel}/{played}")
        {
            Content = new StringContent(SdpWriter.Write(offer), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/sdp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            Jwt.Sign(new { sfu_channel_uuid = call.Channel, session_id = viewerSession }, TestServer.Key));
        using HttpResponseMessage response = await call.Server.Http.SendAsync(request);
        string answerText = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, answerText);
        return answerText;
    }
}
