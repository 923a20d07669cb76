using Sfu.Transport.Ice;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Ice;

/// <summary>The candidates the server advertises (PROTOCOL §6.2, §8.3).</summary>
public class IceCandidateTests
{
    [Fact]
    public void Rfc_8445_priority_formula_with_mediasoup_preferences_gives_the_advertised_numbers()
    {
        IceCandidate.ComputePriority(64, 10000, 1).Should().Be(1076302079u);
        IceCandidate.ComputePriority(64, 9900, 1).Should().Be(1076276479u);
    }

    [Fact]
    public void Priority_formula_matches_rfc_8445_for_a_full_agent_host_candidate()
    {
        // RFC 8445 §5.1.2.2 recommended host type preference 126, maximum local preference 65535, component 1.
        IceCandidate.ComputePriority(126, 65535, 1).Should().Be(2130706431u);
    }

    [Fact]
    public void Udp_host_candidate_has_no_tcp_type()
    {
        IceCandidate udp = IceCandidate.HostUdp("198.51.100.7", 40123);

        udp.Should().Be(new IceCandidate("udpcandidate", 1076302079, "198.51.100.7", 40123, TransportProtocol.Udp, "host", null));
        udp.ProtocolName.Should().Be("udp");
    }

    [Fact]
    public void Tcp_host_candidate_is_passive()
    {
        IceCandidate tcp = IceCandidate.HostTcpPassive("198.51.100.7", 44871);

        tcp.Should().Be(new IceCandidate("tcpcandidate", 1076276479, "198.51.100.7", 44871, TransportProtocol.Tcp, "host", "passive"));
        tcp.ProtocolName.Should().Be("tcp");
    }

    [Theory]
    [InlineData(127, 0, 1)]
    [InlineData(0, 65536, 1)]
    [InlineData(0, 0, 0)]
    [InlineData(0, 0, 257)]
    public void Out_of_range_preferences_are_refused(int type, int local, int component)
    {
        Action compute = () => IceCandidate.ComputePriority(type, local, component);

        compute.Should().Throw<ArgumentOutOfRangeException>();
    }
}
