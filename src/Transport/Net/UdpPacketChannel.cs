using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// A UDP socket read by the worker loop into the loop's buffers without allocating (recvmmsg on Linux, see
/// <see cref="LinuxReceiveBatch"/>; <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c> elsewhere). On Linux what it
/// sends during a step of the loop is queued and leaves in one sendmmsg at the end of the step
/// (<see cref="LinuxSendBatch"/>); elsewhere each datagram goes with <c>SendTo</c> through a reused address.
/// </summary>
public sealed class UdpPacketChannel : PacketChannel
{
    private readonly SocketAddress receiveAddress;
    private readonly SocketAddress lookaheadAddress;
    private readonly SocketAddress sendAddress;
    private readonly int receiveBatch;
    private readonly int sendBatchCapacity;
    private LinuxSendBatch? sendBatch;
    private bool flushRequested;

    internal UdpPacketChannel(MediaWorkerLoop loop, Socket socket, IPacketReceiver receiver, int receiveBatch, int sendBatch)
        : base(loop, socket, TransportProtocol.Udp, receiver)
    {
        receiveAddress = new SocketAddress(socket.AddressFamily);
        lookaheadAddress = new SocketAddress(socket.AddressFamily);
        sendAddress = new SocketAddress(socket.AddressFamily);
        this.receiveBatch = receiveBatch;
        sendBatchCapacity = sendBatch;
    }

    internal override void OnReadable()
    {
        if (LinuxDatagrams.IsAvailable)
        {
            ReadDirectly();
            return;
        }

        byte[] buffer = Loop.ReceiveBuffer;
        for (int i = 0; i < receiveBatch; i++)
        {
            int received;
            try
            {
                received = Socket.ReceiveFrom(buffer, SocketFlags.None, receiveAddress);
            }
            catch (SocketException)
            {
                // Non-blocking read with nothing left, or an ICMP error some platforms report on the next read.
                return;
            }

            if (TransportTuple.TryFromSocketAddress(receiveAddress, TransportProtocol.Udp, out TransportTuple remote))
            {
                Deliver(buffer.AsSpan(0, received), remote);
            }

            if (IsClosed || Socket.Available == 0)
            {
                return;
            }
        }
    }

    private protected override bool TrySendCore(in TransportTuple remote, ReadOnlySpan<byte> packet)
    {
        if (remote.Protocol != TransportProtocol.Udp || !remote.TryWriteTo(sendAddress))
        {
            return false;
        }

        if (LinuxDatagrams.IsAvailable)
        {
            return sendBatchCapacity > 1 ? TryQueue(packet) : LinuxDatagrams.TrySend(Socket.SafeHandle, packet, sendAddress);
        }

        try
        {
            return Socket.SendTo(packet, SocketFlags.None, sendAddress) == packet.Length;
        }
        catch (SocketException)
        {
            // A full send buffer (non-blocking socket) or an unreachable peer: the datagram is lost, as UDP allows.
            return false;
        }
    }

    internal override void FlushSends()
    {
        flushRequested = false;
        if (sendBatch is { Count: > 0 } batch)
        {
            CountRefusedQueuedSends(batch.Flush(Socket.SafeHandle));
        }
    }

    /// <summary>
    /// Queues the datagram for the end of the loop's step (one sendmmsg for all, <see cref="LinuxSendBatch"/>); a
    /// full batch goes at once. True once queued: a refusal by the kernel is counted when the batch is flushed.
    /// </summary>
    private bool TryQueue(ReadOnlySpan<byte> packet)
    {
        sendBatch ??= new LinuxSendBatch(sendBatchCapacity);
        if (sendBatch.IsFull)
        {
            CountRefusedQueuedSends(sendBatch.Flush(Socket.SafeHandle));
        }

        if (!sendBatch.TryAdd(packet, sendAddress))
        {
            // Too large for a slot: what was queued before it leaves first, then it does, on its own.
            CountRefusedQueuedSends(sendBatch.Flush(Socket.SafeHandle));
            return LinuxDatagrams.TrySend(Socket.SafeHandle, packet, sendAddress);
        }

        if (!flushRequested)
        {
            flushRequested = true;
            Loop.FlushAfterStep(this);
        }

        return true;
    }

    /// <summary>
    /// Up to a batch of datagrams, until the socket has none left: several per recvmmsg into the loop's slots
    /// (<see cref="LinuxReceiveBatch"/>), or one per recvfrom (see <see cref="LinuxDatagrams"/>).
    /// </summary>
    private void ReadDirectly()
    {
        if (Loop.UdpReceiveSlots is { } slots)
        {
            ReadMany(slots);
            return;
        }

        byte[] buffer = Loop.ReceiveBuffer;
        for (int i = 0; i < receiveBatch && !IsClosed; i++)
        {
            int received = LinuxDatagrams.TryReceive(Socket.SafeHandle, buffer, receiveAddress);
            if (received < 0)
            {
                return;
            }

            DeliverFromReceiveAddress(buffer.AsSpan(0, received));
        }
    }

    private void ReadMany(LinuxReceiveBatch slots)
    {
        int left = receiveBatch;
        while (left > 0 && !IsClosed)
        {
            int asked = Math.Min(left, slots.Capacity);
            int received = slots.Receive(Socket.SafeHandle, asked);
            // A receiver may close the channel: what was read after that packet is dropped, as the closed socket's
            // queue would have been.
            for (int i = 0; i < received && !IsClosed; i++)
            {
                Span<byte> datagram = slots.Datagram(i, receiveAddress);
                if (TransportTuple.TryFromSocketAddress(receiveAddress, TransportProtocol.Udp, out TransportTuple remote))
                {
                    PrefetchNextSender(slots, i + 1, received, remote);
                    Deliver(datagram, remote);
                }
            }

            if (received < asked)
            {
                return; // the socket had no more
            }

            left -= received;
        }
    }

    /// <summary>
    /// While a datagram is handled, the receiver can start loading the state of the next one's sender, when another
    /// sender's (the same sender's packets mostly come in runs: a video frame's packets, its layers).
    /// </summary>
    private void PrefetchNextSender(LinuxReceiveBatch slots, int next, int received, in TransportTuple current)
    {
        if (next < received)
        {
            slots.Datagram(next, lookaheadAddress);
            if (TransportTuple.TryFromSocketAddress(lookaheadAddress, TransportProtocol.Udp, out TransportTuple sender) && sender != current)
            {
                Receiver.Prefetch(sender);
            }
        }
    }

    private void DeliverFromReceiveAddress(Span<byte> datagram)
    {
        if (TransportTuple.TryFromSocketAddress(receiveAddress, TransportProtocol.Udp, out TransportTuple remote))
        {
            Deliver(datagram, remote);
        }
    }

    private protected override void OnClosed()
    {
        sendBatch?.Dispose();
        Receiver.OnChannelClosed(this, default);
    }
}
