using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// Wakes a loop blocked in <c>Socket.Select</c>: a private loopback UDP socket that the loop includes in its read
/// set, and a sender any thread may use. One datagram per sleep at most: the flag stays set until the loop has
/// taken note, so a burst of posts costs one system call.
/// </summary>
internal sealed class WakeSignal : IDisposable
{
    private readonly Socket sender;
    private readonly SocketAddress target;
    private readonly byte[] drain = new byte[16];
    private int signalled;

    public WakeSignal()
    {
        Receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        Receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        target = ((IPEndPoint)Receiver.LocalEndPoint!).Serialize();
    }

    /// <summary>The socket the loop waits on.</summary>
    public Socket Receiver { get; }

    /// <summary>Any thread. Sends a wake-up datagram unless one is already on its way.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref signalled, 1) != 0)
        {
            return;
        }

        try
        {
            sender.SendTo([1], SocketFlags.None, target);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Disposed during shutdown, or a full buffer: then datagrams are already waiting, which wakes it too.
        }
    }

    /// <summary>Loop thread, before it looks at its inbox: later posts must signal again.</summary>
    public void Rearm() => Volatile.Write(ref signalled, 0);

    /// <summary>Loop thread: empties the receiver after Select reported it readable.</summary>
    public void Drain()
    {
        try
        {
            while (Receiver.Available > 0)
            {
                Receiver.Receive(drain, SocketFlags.None);
            }
        }
        catch (SocketException)
        {
            // Nothing left after all.
        }
    }

    public void Dispose()
    {
        sender.Dispose();
        Receiver.Dispose();
    }
}
