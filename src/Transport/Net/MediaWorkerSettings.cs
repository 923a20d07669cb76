using System.Net;

namespace Sfu.Transport.Net;

/// <summary>
/// Where a media worker listens and what it announces (PROTOCOL §5.8, §5.9: RTC_INTERFACE, RTC_MIN_PORT,
/// RTC_MAX_PORT, PUBLIC_IP), and the bounds that keep one peer from exhausting the worker.
/// </summary>
public sealed record MediaWorkerSettings
{
    /// <summary>Bind address of the UDP socket and the TCP listener (RTC_INTERFACE, default 0.0.0.0).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Any;

    /// <summary>Address written into the ICE candidates (PUBLIC_IP); may be a host name.</summary>
    public string AnnouncedAddress { get; init; } = "127.0.0.1";

    /// <summary>Lowest port the worker may bind (RTC_MIN_PORT).</summary>
    public int MinPort { get; init; } = 40000;

    /// <summary>Highest port the worker may bind (RTC_MAX_PORT).</summary>
    public int MaxPort { get; init; } = 49999;

    /// <summary>Accepted ICE-TCP connections at once; further ones are closed on accept and counted.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    /// <summary>
    /// Largest RFC 4571 frame delivered. Browsers keep media under the path MTU (about 1,200–1,500 bytes), so
    /// larger frames are dropped and counted rather than buffered.
    /// </summary>
    public int MaxTcpFrameLength { get; init; } = 4096;

    /// <summary>Bytes queued for a TCP peer that does not read; past this the connection is closed.</summary>
    public int MaxTcpSendBacklog { get; init; } = 256 * 1024;

    /// <summary>Kernel buffer sizes asked for the UDP socket (the kernel may cap them).</summary>
    public int UdpSocketBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(ListenAddress, nameof(ListenAddress));
        if (string.IsNullOrWhiteSpace(AnnouncedAddress))
        {
            throw new ArgumentException("AnnouncedAddress is required.", nameof(AnnouncedAddress));
        }

        if (MinPort is < 1 or > 65535 || MaxPort is < 1 or > 65535 || MinPort > MaxPort)
        {
            throw new ArgumentException($"Port range [{MinPort}, {MaxPort}] must lie within 1..65535 with MinPort <= MaxPort.", nameof(MinPort));
        }

        if (MaxTcpConnections < 0)
        {
            throw new ArgumentException($"MaxTcpConnections must not be negative, got {MaxTcpConnections}.", nameof(MaxTcpConnections));
        }

        if (MaxTcpFrameLength is < 64 or > Rfc4571Framer.MaxFrameLength)
        {
            throw new ArgumentException($"MaxTcpFrameLength must be within 64..{Rfc4571Framer.MaxFrameLength}, got {MaxTcpFrameLength}.", nameof(MaxTcpFrameLength));
        }

        if (MaxTcpSendBacklog < Rfc4571Framer.HeaderLength + MaxTcpFrameLength)
        {
            throw new ArgumentException("MaxTcpSendBacklog must hold at least one frame.", nameof(MaxTcpSendBacklog));
        }

        if (UdpSocketBufferSize < 0)
        {
            throw new ArgumentException("UdpSocketBufferSize must not be negative.", nameof(UdpSocketBufferSize));
        }
    }
}
