using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// A UDP socket read by the worker loop with the allocation-free <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c>
/// into the loop's buffer, and written with <c>SendTo(ReadOnlySpan, SocketFlags, SocketAddress)</c> through a
/// reused address.
/// </summary>
public sealed class UdpPacketChannel : PacketChannel
{
    private readonly SocketAddress receiveAddress;
    private readonly SocketAddress sendAddress;
    private readonly int receiveBatch;

    internal UdpPacketChannel(MediaWorkerLoop loop, Socket socket, IPacketReceiver receiver, int receiveBatch)
        : base(loop, socket, TransportProtocol.Udp, receiver)
    {
        receiveAddress = new SocketAddress(socket.AddressFamily);
        sendAddress = new SocketAddress(socket.AddressFamily);
        this.receiveBatch = receiveBatch;
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
            return LinuxDatagrams.TrySend(Socket.SafeHandle, packet, sendAddress);
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

    /// <summary>Up to a batch of datagrams, until the socket has none left (see <see cref="LinuxDatagrams"/>).</summary>
    private void ReadDirectly()
    {
        byte[] buffer = Loop.ReceiveBuffer;
        for (int i = 0; i < receiveBatch && !IsClosed; i++)
        {
            int received = LinuxDatagrams.TryReceive(Socket.SafeHandle, buffer, receiveAddress);
            if (received < 0)
            {
                return;
            }

            if (TransportTuple.TryFromSocketAddress(receiveAddress, TransportProtocol.Udp, out TransportTuple remote))
            {
                Deliver(buffer.AsSpan(0, received), remote);
            }
        }
    }

    private protected override void OnClosed() => Receiver.OnChannelClosed(this, default);
}
