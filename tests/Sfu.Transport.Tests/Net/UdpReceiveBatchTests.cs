using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

/// <summary>
/// On Linux a UDP channel reads the datagrams waiting on its socket several at a time with recvmmsg, into slots its
/// loop owns (LinuxReceiveBatch). However they are read, each must reach the receiver whole, once, in arrival order,
/// with its own sender.
/// </summary>
public sealed class UdpReceiveBatchTests : IDisposable
{
    private readonly Socket _first = NewPeer();
    private readonly Socket _second = NewPeer();

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task Datagrams_that_waited_together_arrive_whole_in_order_each_with_its_own_sender()
    {
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpReceiveSlots = 8 });
        var receiver = new RecordingReceiver();
        (UdpPacketChannel channel, IPEndPoint target) = await OpenChannelAsync(loop, receiver);

        // The loop is held inside an item while 40 datagrams of varied sizes from two senders queue up on its socket.
        await WhileLoopIsBusy(loop, () =>
        {
            for (int i = 0; i < 40; i++)
            {
                (i % 2 == 0 ? _first : _second).SendTo(Numbered(i, 20 + (i * 37)), target);
            }
        });

        await receiver.WaitForAsync(40);
        receiver.Numbers.Should().Equal(Enumerable.Range(0, 40));
        receiver.Lengths.Should().Equal(Enumerable.Range(0, 40).Select(i => 20 + (i * 37)));
        receiver.SenderPorts.Should().Equal(Enumerable.Range(0, 40).Select(i => PortOf(i % 2 == 0 ? _first : _second)));
        (await loop.InvokeAsync(() => channel.PacketsReceived)).Should().Be(40);
    }

    [Fact]
    public async Task While_a_datagram_is_handled_the_receiver_hears_of_the_next_one_s_sender_when_it_is_another()
    {
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpReceiveSlots = 8 });
        var receiver = new RecordingReceiver();
        (_, IPEndPoint target) = await OpenChannelAsync(loop, receiver);
        Socket[] senders = [_first, _first, _second, _second, _first];

        await WhileLoopIsBusy(loop, () =>
        {
            for (int i = 0; i < senders.Length; i++)
            {
                senders[i].SendTo(Numbered(i, 40), target);
            }
        });

        await receiver.WaitForAsync(senders.Length);
        receiver.Hints.Should().Equal((PortOf(_second), 1), (PortOf(_first), 3));
    }

    [Fact]
    public async Task The_largest_UDP_datagram_arrives_whole()
    {
        using var loop = new MediaWorkerLoop();
        var receiver = new RecordingReceiver();
        (_, IPEndPoint target) = await OpenChannelAsync(loop, receiver);
        const int largest = 65507; // 65,535 − 8 (UDP header) − 20 (IPv4 header)

        _first.SendTo(Numbered(1, 100), target);
        _first.SendTo(Numbered(2, largest), target);
        _first.SendTo(Numbered(3, 100), target);

        await receiver.WaitForAsync(3);
        receiver.Numbers.Should().Equal(1, 2, 3);
        receiver.Lengths.Should().Equal(100, largest, 100);
    }

    [Theory]
    [InlineData(3, 4, 50)] // more than one recvmmsg takes, and more than one readiness reads
    [InlineData(1, 64, 10)] // one recvfrom per datagram
    public async Task Every_datagram_waiting_is_delivered_in_order_however_many_one_read_takes(int slots, int batch, int count)
    {
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpReceiveSlots = slots, UdpReceiveBatch = batch });
        var receiver = new RecordingReceiver();
        (_, IPEndPoint target) = await OpenChannelAsync(loop, receiver);

        await WhileLoopIsBusy(loop, () =>
        {
            for (int i = 0; i < count; i++)
            {
                _first.SendTo(Numbered(i, 64), target);
            }
        });

        await receiver.WaitForAsync(count);
        receiver.Numbers.Should().Equal(Enumerable.Range(0, count));
    }

    [Fact]
    public async Task A_receiver_that_closes_its_channel_gets_nothing_more_and_the_loop_goes_on()
    {
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpReceiveSlots = 16 });
        var closing = new RecordingReceiver { CloseAfter = 3 };
        (UdpPacketChannel closed, IPEndPoint closingTarget) = await OpenChannelAsync(loop, closing);
        var other = new RecordingReceiver();
        (_, IPEndPoint otherTarget) = await OpenChannelAsync(loop, other);

        await WhileLoopIsBusy(loop, () =>
        {
            for (int i = 0; i < 10; i++)
            {
                _first.SendTo(Numbered(i, 64), closingTarget);
            }
        });
        await closing.WaitForAsync(3);
        _second.SendTo(Numbered(99, 64), otherTarget);

        await other.WaitForAsync(1);
        closing.Numbers.Should().Equal(0, 1, 2);
        closed.IsClosed.Should().BeTrue();
        other.Numbers.Should().Equal(99);
        loop.IsRunning.Should().BeTrue();
    }

    [Fact]
    public void Zero_receive_slots_are_refused()
    {
        Action create = () => _ = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpReceiveSlots = 0 });

        create.Should().Throw<ArgumentException>();
    }

    private static Socket NewPeer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.SendBufferSize = 1 << 20;
        return socket;
    }

    private static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static async Task<(UdpPacketChannel Channel, IPEndPoint Target)> OpenChannelAsync(MediaWorkerLoop loop, RecordingReceiver receiver)
    {
        UdpPacketChannel channel = await loop.InvokeAsync(() => loop.OpenUdpChannel(new IPEndPoint(IPAddress.Loopback, 0), receiver));
        return (channel, channel.LocalEndPoint!);
    }

    /// <summary>Runs <paramref name="send"/> while the loop is stuck in an item, so that everything sent waits together.</summary>
    private static async Task WhileLoopIsBusy(MediaWorkerLoop loop, Action send)
    {
        using var release = new ManualResetEventSlim();
        Task held = loop.InvokeAsync(() => release.Wait(TimeSpan.FromSeconds(10)));
        send();
        release.Set();
        await held;
    }

    private static byte[] Numbered(int number, int length)
    {
        var datagram = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(datagram, number);
        return datagram;
    }

    private sealed class RecordingReceiver : IPacketReceiver
    {
        private readonly object gate = new();

        public int CloseAfter { get; init; } = int.MaxValue;

        public List<int> Numbers { get; } = [];

        public List<int> Lengths { get; } = [];

        public List<int> SenderPorts { get; } = [];

        /// <summary>The sender of each <see cref="IPacketReceiver.Prefetch"/> hint, with the packets delivered before it.</summary>
        public List<(int Port, int Delivered)> Hints { get; } = [];

        public void Prefetch(in TransportTuple remote)
        {
            lock (gate)
            {
                Hints.Add((remote.Port, Numbers.Count));
            }
        }

        public void OnPacket(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
        {
            lock (gate)
            {
                Numbers.Add(BinaryPrimitives.ReadInt32BigEndian(packet));
                Lengths.Add(packet.Length);
                SenderPorts.Add(remote.Port);
                if (Numbers.Count == CloseAfter)
                {
                    channel.Close();
                }
            }
        }

        public void OnChannelClosed(PacketChannel channel, in TransportTuple remote)
        {
        }

        public async Task WaitForAsync(int count)
        {
            for (int waited = 0; waited < 1000; waited++)
            {
                lock (gate)
                {
                    if (Numbers.Count >= count)
                    {
                        return;
                    }
                }

                await Task.Delay(10);
            }

            throw new TimeoutException($"only {Numbers.Count} of {count} datagrams arrived");
        }
    }
}
