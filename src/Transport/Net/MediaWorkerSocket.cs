using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// The worker's UDP socket and TCP listener, bound on the same port of the configured range. Every transport of
/// the worker shares them (PROTOCOL §6.2): the demultiplexer tells them apart.
/// </summary>
public sealed class MediaWorkerSocket : IDisposable
{
    /// <summary>Random picks before falling back to a scan of the whole range.</summary>
    private const int RandomAttempts = 64;

    private const int ListenBacklog = 128;

    private MediaWorkerSocket(Socket udp, Socket tcpListener, ushort port, MediaWorkerSettings settings)
    {
        Udp = udp;
        TcpListener = tcpListener;
        Port = port;
        Settings = settings;
    }

    public Socket Udp { get; }

    public Socket TcpListener { get; }

    /// <summary>The port both sockets are bound to.</summary>
    public ushort Port { get; }

    public MediaWorkerSettings Settings { get; }

    /// <summary>
    /// Tries random ports of [MinPort, MaxPort] until both a UDP and a TCP socket bind on the same one; then, so
    /// that a crowded range is still found when it has a free port, scans the range from a random start.
    /// Throws <see cref="SocketException"/> (AddressAlreadyInUse) when no port of the range is free for both.
    /// </summary>
    public static MediaWorkerSocket Bind(MediaWorkerSettings settings, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        random ??= Random.Shared;
        int rangeSize = settings.MaxPort - settings.MinPort + 1;
        for (int attempt = 0; attempt < Math.Min(RandomAttempts, rangeSize); attempt++)
        {
            if (TryBindPair(settings, settings.MinPort + random.Next(rangeSize)) is { } bound)
            {
                return bound;
            }
        }

        int start = random.Next(rangeSize);
        for (int offset = 0; offset < rangeSize; offset++)
        {
            if (TryBindPair(settings, settings.MinPort + ((start + offset) % rangeSize)) is { } bound)
            {
                return bound;
            }
        }

        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }

    public void Dispose()
    {
        Udp.Dispose();
        TcpListener.Dispose();
    }

    private static MediaWorkerSocket? TryBindPair(MediaWorkerSettings settings, int port)
    {
        Socket? udp = null;
        Socket? tcp = null;
        try
        {
            udp = new Socket(settings.ListenAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(settings.ListenAddress, port));
            tcp = new Socket(settings.ListenAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(settings.ListenAddress, port));
            tcp.Listen(ListenBacklog);
            Configure(udp, tcp, settings);
            return new MediaWorkerSocket(udp, tcp, (ushort)port, settings);
        }
        catch (SocketException)
        {
            udp?.Dispose();
            tcp?.Dispose();
            return null;
        }
    }

    private static void Configure(Socket udp, Socket tcp, MediaWorkerSettings settings)
    {
        // The loop only reads when Select said so, and never waits on a send: a full buffer drops, as UDP may.
        udp.Blocking = false;
        tcp.Blocking = false;
        if (settings.UdpSocketBufferSize > 0)
        {
            udp.ReceiveBufferSize = settings.UdpSocketBufferSize;
            udp.SendBufferSize = settings.UdpSocketBufferSize;
        }
    }
}
