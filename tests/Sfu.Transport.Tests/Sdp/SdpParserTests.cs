using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

public class SdpParserTests
{
    private const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private static string Fails(string text, SdpParserSettings? settings = null)
    {
        SdpParser.TryParse(text, settings ?? SdpParserSettings.Default, out SessionDescription? sdp, out string? error).Should().BeFalse();
        sdp.Should().BeNull();
        error.Should().NotBeNullOrEmpty().And.NotContain("\n");
        return error!;
    }

    [Theory]
    [InlineData("v=1\r\n", "line 1: only SDP version 0")]
    [InlineData("v=0\r\ns=-\r\n", "line 2: expected 'o='")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus\r\n", "line 6: a=rtpmap")]
    [InlineData(Head + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", "line 5: m= port")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 200\r\n", "line 5: m= format '200'")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=mid:1\r\n", "line 7: a second a=mid")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:maybe\r\n", "line 6: a=setup must be")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=extmap:1 a\r\na=extmap:1 b\r\n", "line 7: a=extmap id 1 is used twice")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=candidate:1 1 udp 4294967296 1.2.3.4 5 typ host\r\n", "line 6: a=candidate")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=simulcast:send a;b send c\r\n", "line 6: a=simulcast")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\ni=late\r\n", "line 7: 'i=' is out of the RFC 8866 order")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nt=0 0\r\n", "line 6: 't=' is not allowed in a media section")]
    [InlineData(Head + "x=unknown\r\n", "line 5: unknown line type 'x='")]
    [InlineData(Head + "a=ice-ufrag:ab\r\n", "line 5: a=ice-ufrag must be 4 to 256")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n", "missing t= line")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n", "media section 2: mid '0' is used twice")]
    public void Invalid_description_is_refused_with_the_line_and_the_reason(string text, string expected)
    {
        Fails(text).Should().StartWith(expected);
    }

    [Fact]
    public void Garbage_empty_and_null_inputs_are_refused_without_throwing()
    {
        Fails("");
        Fails("\u0000\u0001\u0002");
        Fails("v=0\ro=- 1 1 IN IP4 1.1.1.1\r");
        SdpParser.TryParse(null, out _, out string? error).Should().BeFalse();
        error.Should().Be("empty SDP");
    }

    [Fact]
    public void Limits_on_size_lines_and_sections_are_enforced()
    {
        string text = SdpSamples.Text("obs-whip");
        Fails(text, new SdpParserSettings { MaxTextLength = 100 }).Should().Contain("more than the limit of 100");
        Fails(text, new SdpParserSettings { MaxLines = 10 }).Should().StartWith("line 11: more than 10 lines");
        Fails(text, new SdpParserSettings { MaxMediaSections = 1 }).Should().Contain("more than 1 media sections");
    }

    [Fact]
    public void Unknown_attributes_are_kept_verbatim_at_both_levels()
    {
        string text = Head + "a=x-session-thing\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=x-google-flag:conference\r\na=framerate:30\r\n";
        SdpParser.TryParse(text, out SessionDescription? sdp, out string? error).Should().BeTrue(error);
        sdp!.OtherAttributes.Should().Equal(new SdpAttribute("x-session-thing", null));
        sdp.Media[0].OtherAttributes.Should().Equal(new SdpAttribute("x-google-flag", "conference"), new SdpAttribute("framerate", "30"));
        sdp.Media[0].EffectiveDirection.Should().Be(SdpDirection.SendRecv, "no direction attribute means sendrecv");
    }

    [Fact]
    public void Rid_with_payload_types_and_restrictions_is_read_in_order()
    {
        string text = Head + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=rid:hi send pt=96,97;max-width=1280;max-height=720;depend=lo\r\n";
        SdpParser.TryParse(text, out SessionDescription? sdp, out string? error).Should().BeTrue(error);
        SdpRid rid = sdp!.Media[0].Rids.Single();
        rid.Direction.Should().Be(SdpRidDirection.Send);
        rid.PayloadTypes.Should().Equal(96, 97);
        rid.Restrictions.Should().Equal(new SdpRidRestriction("max-width", "1280"), new SdpRidRestriction("max-height", "720"), new SdpRidRestriction("depend", "lo"));
    }

    [Fact]
    public void Written_text_uses_crlf_and_starts_with_version_origin_name_time()
    {
        string written = SdpWriter.Write(SdpSamples.Parse("gstreamer-webrtcbin"));
        written.Should().StartWith("v=0\r\no=- 1188340656180883 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        written.Replace("\r\n", "").Should().NotContain("\n").And.NotContain("\r");
        written.Should().EndWith("\r\n");
    }
}
