using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

/// <summary>The example description of RFC 8866 §5, with its informational lines kept in place.</summary>
public class Rfc8866Tests
{
    private const string Example =
        "v=0\r\n" +
        "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n" +
        "s=Call to John Smith\r\n" +
        "i=SDP Offer #1\r\n" +
        "u=http://www.jdoe.example.com/home.html\r\n" +
        "e=Jane Doe <jane@jdoe.example.com>\r\n" +
        "p=+1 617 555-6011\r\n" +
        "c=IN IP4 198.51.100.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0\r\n" +
        "m=audio 49180 RTP/AVP 0\r\n" +
        "m=video 51372 RTP/AVP 99\r\n" +
        "c=IN IP6 2001:db8::2\r\n" +
        "a=rtpmap:99 h263-1998/90000\r\n";

    [Fact]
    public void Rfc8866_section5_example_parses_and_is_written_back_byte_for_byte()
    {
        SdpParser.TryParse(Example, out SessionDescription? sdp, out string? error).Should().BeTrue(error);
        sdp!.Origin.Should().Be(new SdpOrigin("jdoe", 3724394400, 3724394405, "IN", "IP4", "198.51.100.1"));
        sdp.SessionName.Should().Be("Call to John Smith");
        sdp.ExtraLines.Select(line => line.Type).Should().Equal('i', 'u', 'e', 'p');
        sdp.Connection.Should().Be(new SdpConnection("IN", "IP4", "198.51.100.1"));
        sdp.Media.Select(m => m.Port).Should().Equal(49170, 49180, 51372);
        sdp.Media[2].Connection.Should().Be(new SdpConnection("IN", "IP6", "2001:db8::2"));
        sdp.Media[2].RtpMaps.Should().Equal(new SdpRtpMap(99, "h263-1998", 90000));
        SdpWriter.Write(sdp).Should().Be(Example);
    }
}
