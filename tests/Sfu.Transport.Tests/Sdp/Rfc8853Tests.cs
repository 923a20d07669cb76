using Sfu.Transport.Sdp;

namespace Sfu.Transport.Tests.Sdp;

/// <summary>Simulcast attribute forms from RFC 8853 §5.1: streams split by ";", alternatives by ",", "~" paused.</summary>
public class Rfc8853Tests
{
    private static SdpSimulcast Read(string value)
    {
        string text = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=simulcast:" + value + "\r\n";
        SdpParser.TryParse(text, out SessionDescription? sdp, out string? error).Should().BeTrue(error);
        return sdp!.Media[0].Simulcast!;
    }

    [Fact]
    public void Send_list_with_alternatives_and_recv_list()
    {
        SdpSimulcast simulcast = Read("send 1;2,3 recv 4");
        simulcast.Send.Should().HaveCount(2);
        simulcast.Send[1].Should().Equal(new SdpSimulcastRid("2"), new SdpSimulcastRid("3"));
        simulcast.Recv.Should().ContainSingle().Which.Should().Equal(new SdpSimulcastRid("4"));
    }

    [Fact]
    public void Recv_first_and_paused_streams()
    {
        SdpSimulcast simulcast = Read("recv 1;~2 send 3");
        simulcast.Recv[1].Should().Equal(new SdpSimulcastRid("2", Paused: true));
        simulcast.Send.Should().ContainSingle();
    }
}
