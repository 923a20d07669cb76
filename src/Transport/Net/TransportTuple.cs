using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// The remote end of a media path as ICE sees it: address, port and protocol (the local end is implied by the
/// worker socket that received the packet). A value type with allocation-free equality, so it can key the
/// per-packet lookup from remote address to transport.
/// </summary>
public readonly struct TransportTuple : IEquatable<TransportTuple>
{
    // sockaddr_in and sockaddr_in6 put the port at offset 2 and the address at 4 (IPv4) or 8 (IPv6, after the
    // flow info) on Linux, Windows and the BSDs alike; only the family field differs and SocketAddress owns it.
    private const int SockAddrPortOffset = 2;
    private const int SockAddrIPv4Offset = 4;
    private const int SockAddrIPv6FlowInfoOffset = 4;
    private const int SockAddrIPv6Offset = 8;
    private const int SockAddrIPv6ScopeOffset = 24;

    public TransportTuple(NetAddress address, ushort port, TransportProtocol protocol)
    {
        Address = address;
        Port = port;
        Protocol = protocol;
    }

    public NetAddress Address { get; }

    public ushort Port { get; }

    public TransportProtocol Protocol { get; }

    public static TransportTuple FromEndPoint(IPEndPoint endPoint, TransportProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return new TransportTuple(NetAddress.FromIPAddress(endPoint.Address), (ushort)endPoint.Port, protocol);
    }

    /// <summary>For the socket layer and logs; allocates.</summary>
    public IPEndPoint ToEndPoint() => new(Address.ToIPAddress(), Port);

    /// <summary>
    /// Reads the peer of a <c>Socket.ReceiveFrom(Span, SocketFlags, SocketAddress)</c> call without allocating.
    /// False for families other than IPv4/IPv6 or a buffer too short for its family.
    /// </summary>
    public static bool TryFromSocketAddress(SocketAddress socketAddress, TransportProtocol protocol, out TransportTuple tuple)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        ReadOnlySpan<byte> raw = socketAddress.Buffer.Span.Slice(0, Math.Min(socketAddress.Size, socketAddress.Buffer.Length));
        tuple = default;
        switch (socketAddress.Family)
        {
            case AddressFamily.InterNetwork when raw.Length >= SockAddrIPv4Offset + NetAddress.IPv4Length:
                tuple = new TransportTuple(
                    NetAddress.FromIPv4(raw.Slice(SockAddrIPv4Offset, NetAddress.IPv4Length)),
                    BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(SockAddrPortOffset)),
                    protocol);
                return true;
            case AddressFamily.InterNetworkV6 when raw.Length >= SockAddrIPv6Offset + NetAddress.IPv6Length:
                tuple = new TransportTuple(
                    NetAddress.FromIPv6(raw.Slice(SockAddrIPv6Offset, NetAddress.IPv6Length)),
                    BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(SockAddrPortOffset)),
                    protocol);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Fills a reusable <see cref="SocketAddress"/> (created for the same family) for <c>Socket.SendTo</c>
    /// without allocating. False when the families differ.
    /// </summary>
    public bool TryWriteTo(SocketAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        int size = SocketAddress.GetMaximumAddressSize(Address.Family);
        if (destination.Family != Address.Family || destination.Buffer.Length < size)
        {
            return false;
        }

        destination.Size = size;
        Span<byte> raw = destination.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(raw.Slice(SockAddrPortOffset), Port);
        if (Address.IsIPv6)
        {
            raw.Slice(SockAddrIPv6FlowInfoOffset, 4).Clear();
            Address.TryWriteBytes(raw.Slice(SockAddrIPv6Offset), out _);
            raw.Slice(SockAddrIPv6ScopeOffset, 4).Clear();
        }
        else
        {
            Address.TryWriteBytes(raw.Slice(SockAddrIPv4Offset), out _);
        }

        return true;
    }

    /// <summary>A fresh <see cref="SocketAddress"/> for this tuple; allocates, for set-up paths.</summary>
    public SocketAddress ToSocketAddress()
    {
        var socketAddress = new SocketAddress(Address.Family);
        TryWriteTo(socketAddress);
        return socketAddress;
    }

    public bool Equals(TransportTuple other) =>
        Port == other.Port && Protocol == other.Protocol && Address.Equals(other.Address);

    public override bool Equals(object? obj) => obj is TransportTuple other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Address, Port, Protocol);

    public static bool operator ==(TransportTuple left, TransportTuple right) => left.Equals(right);

    public static bool operator !=(TransportTuple left, TransportTuple right) => !left.Equals(right);

    public override string ToString() =>
        Address.IsIPv6
            ? $"{(Protocol == TransportProtocol.Udp ? "udp" : "tcp")} [{Address}]:{Port}"
            : $"{(Protocol == TransportProtocol.Udp ? "udp" : "tcp")} {Address}:{Port}";
}
