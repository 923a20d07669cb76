using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

/// <summary>
/// On Linux a UDP channel queues what it sends during a step of the loop and hands it to the kernel in one sendmmsg at
/// the end of the step (LinuxSendBatch). Whatever the batching, every datagram must leave, in the order it was sent,
/// without waiting for some later event of the loop.
/// </summary>
public sealed class UdpSendBatchTests : IDisposable
{
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly TransportTuple _peerTuple;

    public UdpSendBatchTests()
    {
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peer.ReceiveBufferSize = 1 << 20;
        _peer.ReceiveTimeout = 10_000;
        _peerTuple = TransportTuple.FromEndPoint((IPEndPoint)_peer.LocalEndPoint!, TransportProtocol.Udp);
    }

    public void Dispose() => _peer.Dispose();

    [Fact]
    public async Task Datagrams_sent_during_a_posted_item_all_arrive_in_order_across_full_batches()
    {
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpSendBatch = 8 });
        UdpPacketChannel channel = await OpenChannelAsync(loop);

        bool[] accepted = await loop.InvokeAsync(() => Enumerable.Range(0, 100).Select(i => channel.TrySend(_peerTuple, Numbered(i, 200))).ToArray());

        accepted.Should().OnlyContain(sent => sent);
        ReceiveNumbers(100).Should().Equal(Enumerable.Range(0, 100), "a full batch leaves before the next datagram is queued");
        (await loop.InvokeAsync(() => channel.PacketsSent)).Should().Be(100);
    }

    [Fact]
    public async Task A_datagram_larger_than_a_slot_leaves_after_those_queued_before_it_and_whole()
    {
        using var loop = new MediaWorkerLoop();
        UdpPacketChannel channel = await OpenChannelAsync(loop);
        int large = LinuxSendBatch.SlotSize + 500;

        await loop.InvokeAsync(() =>
        {
            channel.TrySend(_peerTuple, Numbered(0, 100));
            channel.TrySend(_peerTuple, Numbered(1, 100));
            channel.TrySend(_peerTuple, Numbered(2, large));
            channel.TrySend(_peerTuple, Numbered(3, 100));
        });

        var buffer = new byte[4096];
        for (int expected = 0; expected < 4; expected++)
        {
            int length = _peer.Receive(buffer);
            BinaryPrimitives.ReadInt32BigEndian(buffer).Should().Be(expected);
            length.Should().Be(expected == 2 ? large : 100);
        }
    }

    [Fact]
    public async Task A_datagram_sent_by_a_timer_leaves_while_the_loop_has_nothing_else_to_do()
    {
        using var loop = new MediaWorkerLoop();
        UdpPacketChannel channel = await OpenChannelAsync(loop);

        await loop.InvokeAsync(() => loop.ScheduleTimer(loop.NowMs + 20, new SendingTimer(() => channel.TrySend(_peerTuple, Numbered(7, 64)))));

        ReceiveNumbers(1).Should().Equal([7], "the loop flushes after its timers, before it goes back to sleep");
    }

    [Fact]
    public async Task Closing_a_channel_first_sends_what_it_had_queued()
    {
        using var loop = new MediaWorkerLoop();
        UdpPacketChannel channel = await OpenChannelAsync(loop);

        await loop.InvokeAsync(() =>
        {
            channel.TrySend(_peerTuple, Numbered(1, 64));
            channel.TrySend(_peerTuple, Numbered(2, 64));
            channel.Close();
        });

        ReceiveNumbers(2).Should().Equal(1, 2);
    }

    [Fact]
    public async Task A_datagram_the_kernel_refuses_is_counted_as_failed_and_the_rest_of_the_batch_still_leaves()
    {
        using var loop = new MediaWorkerLoop();
        UdpPacketChannel channel = await OpenChannelAsync(loop);
        // Linux refuses a UDP datagram to port 0 (EINVAL), at the flush once the datagram is queued.
        var portZero = new TransportTuple(_peerTuple.Address, 0, TransportProtocol.Udp);

        await loop.InvokeAsync(() =>
        {
            channel.TrySend(_peerTuple, Numbered(1, 64));
            channel.TrySend(portZero, Numbered(2, 64));
            channel.TrySend(_peerTuple, Numbered(3, 64));
        });

        ReceiveNumbers(2).Should().Equal(1, 3);
        (await loop.InvokeAsync(() => (channel.PacketsSent, channel.SendFailures))).Should().Be((2L, 1L));
    }

    [Fact]
    public async Task With_a_batch_of_one_every_datagram_goes_on_its_own_and_arrives()
    {
        using var loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpSendBatch = 1 });
        UdpPacketChannel channel = await OpenChannelAsync(loop);

        await loop.InvokeAsync(() =>
        {
            for (int i = 0; i < 10; i++)
            {
                channel.TrySend(_peerTuple, Numbered(i, 64));
            }
        });

        ReceiveNumbers(10).Should().Equal(Enumerable.Range(0, 10));
    }

    [Fact]
    public void A_send_batch_of_zero_is_refused()
    {
        Action create = () => _ = new MediaWorkerLoop(new MediaWorkerLoopOptions { UdpSendBatch = 0 });

        create.Should().Throw<ArgumentException>();
    }

    private static Task<UdpPacketChannel> OpenChannelAsync(MediaWorkerLoop loop) =>
        loop.InvokeAsync(() => loop.OpenUdpChannel(new IPEndPoint(IPAddress.Loopback, 0), new IgnoringReceiver()));

    /// <summary>A datagram of <paramref name="length"/> bytes whose first four carry <paramref name="number"/>.</summary>
    private static byte[] Numbered(int number, int length)
    {
        var datagram = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(datagram, number);
        return datagram;
    }

    private List<int> ReceiveNumbers(int count)
    {
        var numbers = new List<int>();
        var buffer = new byte[4096];
        for (int i = 0; i < count; i++)
        {
            _peer.Receive(buffer);
            numbers.Add(BinaryPrimitives.ReadInt32BigEndian(buffer));
        }

        return numbers;
    }

    private sealed class IgnoringReceiver : IPacketReceiver
    {
        public void OnPacket(Span<byte> packet, PacketChannel channel, in TransportTuple remote)
        {
        }

        public void OnChannelClosed(PacketChannel channel, in TransportTuple remote)
        {
        }
    }

    private sealed class SendingTimer(Action send) : IWorkerTimer
    {
        public void OnTimer(long nowMs) => send();
    }
}
