using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

public class TransportTupleTests
{
    [Theory]
    [InlineData("127.0.0.1", 5000)]
    [InlineData("203.0.113.77", 65535)]
    [InlineData("::1", 1)]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677", 32853)]
    public void Tuple_round_trips_through_ip_end_point_and_socket_address(string ip, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(ip), port);

        TransportTuple tuple = TransportTuple.FromEndPoint(endPoint, TransportProtocol.Udp);

        tuple.ToEndPoint().Should().Be(endPoint);
        SocketAddress socketAddress = tuple.ToSocketAddress();
        socketAddress.Should().Be(endPoint.Serialize(), "it must be what the runtime itself would produce");
        TransportTuple.TryFromSocketAddress(socketAddress, TransportProtocol.Udp, out TransportTuple back).Should().BeTrue();
        back.Should().Be(tuple);
    }

    [Fact]
    public void Reading_what_the_runtime_serialized_gives_the_same_tuple()
    {
        SocketAddress serialized = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40123).Serialize();

        TransportTuple.TryFromSocketAddress(serialized, TransportProtocol.Tcp, out TransportTuple tuple).Should().BeTrue();

        tuple.ToString().Should().Be("tcp 198.51.100.7:40123");
    }

    [Fact]
    public void Reusable_socket_address_of_another_family_is_refused()
    {
        var tuple = new TransportTuple(NetAddress.FromIPv4([127, 0, 0, 1]), 9, TransportProtocol.Udp);

        tuple.TryWriteTo(new SocketAddress(AddressFamily.InterNetworkV6)).Should().BeFalse();
    }

    [Fact]
    public void Reusable_socket_address_is_overwritten_in_place()
    {
        var reusable = new SocketAddress(AddressFamily.InterNetwork);
        var first = new TransportTuple(NetAddress.FromIPv4([10, 0, 0, 1]), 1000, TransportProtocol.Udp);
        var second = new TransportTuple(NetAddress.FromIPv4([10, 0, 0, 2]), 2000, TransportProtocol.Udp);

        first.TryWriteTo(reusable).Should().BeTrue();
        second.TryWriteTo(reusable).Should().BeTrue();

        reusable.Should().Be(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2000).Serialize());
    }

    [Fact]
    public void Unix_socket_address_is_not_a_tuple()
    {
        var unix = new SocketAddress(AddressFamily.Unix, 110);

        TransportTuple.TryFromSocketAddress(unix, TransportProtocol.Tcp, out _).Should().BeFalse();
    }

    [Fact]
    public void Tuples_are_equal_only_when_address_port_and_protocol_are()
    {
        var a = new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 1]), 5000, TransportProtocol.Udp);

        a.Should().Be(new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 1]), 5000, TransportProtocol.Udp));
        a.GetHashCode().Should().Be(new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 1]), 5000, TransportProtocol.Udp).GetHashCode());
        (a == new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 1]), 5000, TransportProtocol.Udp)).Should().BeTrue();
        a.Should().NotBe(new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 2]), 5000, TransportProtocol.Udp));
        a.Should().NotBe(new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 1]), 5001, TransportProtocol.Udp));
        a.Should().NotBe(new TransportTuple(NetAddress.FromIPv4([192, 0, 2, 1]), 5000, TransportProtocol.Tcp));
    }

    [Fact]
    public void Tuple_keys_a_dictionary()
    {
        var routes = new Dictionary<TransportTuple, string>
        {
            [TransportTuple.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1), TransportProtocol.Udp)] = "udp",
            [TransportTuple.FromEndPoint(new IPEndPoint(IPAddress.Loopback, 1), TransportProtocol.Tcp)] = "tcp",
        };

        routes[new TransportTuple(NetAddress.FromIPv4([127, 0, 0, 1]), 1, TransportProtocol.Tcp)].Should().Be("tcp");
    }
}
