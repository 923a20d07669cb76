using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

public class MediaWorkerSocketTests
{
    [Fact]
    public void Udp_socket_and_tcp_listener_bind_the_same_port_inside_the_range()
    {
        using MediaWorkerSocket socket = MediaWorkerSocket.Bind(Support.LoopbackWorker);

        socket.Port.Should().BeInRange((ushort)Support.LoopbackWorker.MinPort, (ushort)Support.LoopbackWorker.MaxPort);
        ((IPEndPoint)socket.Udp.LocalEndPoint!).Port.Should().Be(socket.Port);
        ((IPEndPoint)socket.TcpListener.LocalEndPoint!).Port.Should().Be(socket.Port);
        socket.Udp.ProtocolType.Should().Be(ProtocolType.Udp);
        socket.TcpListener.ProtocolType.Should().Be(ProtocolType.Tcp);
    }

    [Fact]
    public void A_port_whose_udp_side_is_taken_is_not_used()
    {
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int taken = ((IPEndPoint)squatter.LocalEndPoint!).Port;

        Action bind = () => MediaWorkerSocket.Bind(Support.LoopbackWorker with { MinPort = taken, MaxPort = taken });

        bind.Should().Throw<SocketException>().Which.SocketErrorCode.Should().Be(SocketError.AddressAlreadyInUse);
    }

    [Fact]
    public void Two_workers_in_one_range_get_different_ports()
    {
        using MediaWorkerSocket first = MediaWorkerSocket.Bind(Support.LoopbackWorker);
        using MediaWorkerSocket second = MediaWorkerSocket.Bind(Support.LoopbackWorker);

        second.Port.Should().NotBe(first.Port);
    }

    [Theory]
    [InlineData(50000, 40000, 4096, 0)]
    [InlineData(0, 100, 4096, 0)]
    [InlineData(40000, 40010, 10, 0)]
    [InlineData(40000, 40010, 4096, -1)]
    public void Invalid_settings_are_refused_with_the_setting_named(int min, int max, int frame, int connections)
    {
        var settings = new MediaWorkerSettings { MinPort = min, MaxPort = max, MaxTcpFrameLength = frame, MaxTcpConnections = connections };

        settings.Invoking(s => s.Validate()).Should().Throw<ArgumentException>().Which.ParamName.Should().NotBeNullOrEmpty();
    }
}
