using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// One socket the worker loop reads: its UDP socket, an ICE-TCP connection, or a client's own socket. Received
/// packets go to the <see cref="Receiver"/>; <see cref="TrySend"/> is how replies leave. Only the loop's thread
/// touches a channel.
/// </summary>
public abstract class PacketChannel
{
    private long packetsSent;
    private long packetsReceived;
    private long sendFailures;
    private long droppedBySendFilter;

    private protected PacketChannel(MediaWorkerLoop loop, Socket socket, TransportProtocol protocol, IPacketReceiver receiver)
    {
        Loop = loop;
        Socket = socket;
        Protocol = protocol;
        Receiver = receiver;
        LocalEndPoint = socket.LocalEndPoint as IPEndPoint;
    }

    public TransportProtocol Protocol { get; }

    public IPEndPoint? LocalEndPoint { get; }

    public bool IsClosed { get; private set; }

    public long PacketsSent => Volatile.Read(ref packetsSent);

    public long PacketsReceived => Volatile.Read(ref packetsReceived);

    /// <summary>Sends the socket refused (buffer full, peer gone, wrong family).</summary>
    public long SendFailures => Volatile.Read(ref sendFailures);

    /// <summary>Packets the loop's <see cref="IPacketSendFilter"/> chose to lose.</summary>
    public long DroppedBySendFilter => Volatile.Read(ref droppedBySendFilter);

    internal MediaWorkerLoop Loop { get; }

    internal Socket Socket { get; }

    internal IPacketReceiver Receiver { get; set; }

    /// <summary>Whether the loop should wait for the socket to become writable (a TCP backlog to flush).</summary>
    internal virtual bool WantsWrite => false;

    /// <summary>
    /// Sends one packet to <paramref name="remote"/> (a TCP connection frames it, RFC 4571). Never throws and never
    /// blocks; false when the packet could not be handed to the kernel. A packet the send filter drops counts as
    /// sent, as a packet lost on the wire would.
    /// </summary>
    public bool TrySend(in TransportTuple remote, ReadOnlySpan<byte> packet)
    {
        Loop.VerifyOwnerThread();
        if (IsClosed)
        {
            sendFailures++;
            return false;
        }

        if (Loop.SendFilter is { } filter && filter.ShouldDrop(packet, remote))
        {
            droppedBySendFilter++;
            return true;
        }

        if (!TrySendCore(remote, packet))
        {
            sendFailures++;
            return false;
        }

        packetsSent++;
        return true;
    }

    /// <summary>Closes the socket and tells the receiver. Idempotent.</summary>
    public void Close()
    {
        Loop.VerifyOwnerThread();
        if (IsClosed)
        {
            return;
        }

        // What was queued for the end of the loop's step still leaves (a DTLS close_notify among it).
        FlushSends();
        IsClosed = true;
        Loop.Forget(this);
        Socket.Dispose();
        OnClosed();
    }

    /// <summary>
    /// Hands the datagrams queued during the loop's current step to the kernel (see <see cref="LinuxSendBatch"/>). The
    /// loop calls it after every step (timers, posted items, reads) of the channels that asked with
    /// <see cref="MediaWorkerLoop.FlushAfterStep"/>.
    /// </summary>
    internal virtual void FlushSends()
    {
    }

    /// <summary>Queued datagrams the kernel refused at the flush: counted as failed sends, no longer as sent.</summary>
    private protected void CountRefusedQueuedSends(int refused)
    {
        packetsSent -= refused;
        sendFailures += refused;
    }

    private protected abstract bool TrySendCore(in TransportTuple remote, ReadOnlySpan<byte> packet);

    /// <summary>The loop saw the socket readable: read what is there (a bounded batch) and deliver it.</summary>
    internal abstract void OnReadable();

    internal virtual void OnWritable()
    {
    }

    private protected abstract void OnClosed();

    private protected void Deliver(Span<byte> packet, in TransportTuple remote)
    {
        packetsReceived++;
        try
        {
            Receiver.OnPacket(packet, this, remote);
        }
        catch (Exception error) when (!MediaWorkerLoop.IsFatal(error))
        {
            // A receiver's bug must not take down every transport of the worker.
            Loop.ReportError(error);
        }
    }
}
