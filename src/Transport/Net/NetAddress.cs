using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Sfu.Transport.Net;

/// <summary>
/// An IPv4 or IPv6 address held in two machine words, so that it can live inside other structs, be compared and
/// hashed without touching the heap (unlike <see cref="IPAddress"/>, which is a class). IPv6 scope ids are not
/// kept: the server only talks to loopback and global addresses.
/// </summary>
public readonly struct NetAddress : IEquatable<NetAddress>
{
    public const int IPv4Length = 4;
    public const int IPv6Length = 16;

    // Network byte order packed big-endian: bytes 0..7 in high, 8..15 in low. IPv4 sits in the low 32 bits of low.
    private readonly ulong high;
    private readonly ulong low;
    private readonly bool isIPv6;

    private NetAddress(ulong high, ulong low, bool isIPv6)
    {
        this.high = high;
        this.low = low;
        this.isIPv6 = isIPv6;
    }

    public AddressFamily Family => isIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public bool IsIPv6 => isIPv6;

    /// <summary>Bytes the address takes on the wire: 4 or 16.</summary>
    public int Length => isIPv6 ? IPv6Length : IPv4Length;

    /// <summary>True for ::ffff:a.b.c.d, what a dual-stack socket reports for an IPv4 peer (RFC 4291 §2.5.5.2).</summary>
    public bool IsIPv4MappedToIPv6 => isIPv6 && high == 0 && (low >> 32) == 0x0000_FFFF;

    public static NetAddress FromIPv4(ReadOnlySpan<byte> fourBytes)
    {
        if (fourBytes.Length != IPv4Length)
        {
            throw new ArgumentException("An IPv4 address has 4 bytes.", nameof(fourBytes));
        }

        return new NetAddress(0, BinaryPrimitives.ReadUInt32BigEndian(fourBytes), isIPv6: false);
    }

    public static NetAddress FromIPv4(uint networkOrderValue) => new(0, networkOrderValue, isIPv6: false);

    public static NetAddress FromIPv6(ReadOnlySpan<byte> sixteenBytes)
    {
        if (sixteenBytes.Length != IPv6Length)
        {
            throw new ArgumentException("An IPv6 address has 16 bytes.", nameof(sixteenBytes));
        }

        return new NetAddress(
            BinaryPrimitives.ReadUInt64BigEndian(sixteenBytes),
            BinaryPrimitives.ReadUInt64BigEndian(sixteenBytes.Slice(8)),
            isIPv6: true);
    }

    /// <summary>Reads 4 or 16 bytes; any other length is not an address.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, out NetAddress address)
    {
        switch (bytes.Length)
        {
            case IPv4Length:
                address = FromIPv4(bytes);
                return true;
            case IPv6Length:
                address = FromIPv6(bytes);
                return true;
            default:
                address = default;
                return false;
        }
    }

    public static NetAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[IPv6Length];
        if (!address.TryWriteBytes(bytes, out int written) || !TryFromBytes(bytes.Slice(0, written), out NetAddress result))
        {
            throw new ArgumentException($"Address family {address.AddressFamily} is not IPv4 or IPv6.", nameof(address));
        }

        return result;
    }

    public static bool TryParse(string text, out NetAddress address)
    {
        if (IPAddress.TryParse(text, out IPAddress? parsed)
            && parsed.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
        {
            address = FromIPAddress(parsed);
            return true;
        }

        address = default;
        return false;
    }

    /// <summary>The plain IPv4 address behind an IPv4-mapped IPv6 one; any other address is returned unchanged.</summary>
    public NetAddress WithoutIPv4Mapping() => IsIPv4MappedToIPv6 ? new NetAddress(0, low & 0xFFFF_FFFF, isIPv6: false) : this;

    /// <summary>Writes the 4 or 16 address bytes in network order.</summary>
    public bool TryWriteBytes(Span<byte> destination, out int written)
    {
        written = Length;
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        if (isIPv6)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, high);
            BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), low);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)low);
        }

        return true;
    }

    /// <summary>For the socket layer and logs; allocates.</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[IPv6Length];
        TryWriteBytes(bytes, out int written);
        return new IPAddress(bytes.Slice(0, written));
    }

    public bool Equals(NetAddress other) => high == other.high && low == other.low && isIPv6 == other.isIPv6;

    public override bool Equals(object? obj) => obj is NetAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(high, low, isIPv6);

    public static bool operator ==(NetAddress left, NetAddress right) => left.Equals(right);

    public static bool operator !=(NetAddress left, NetAddress right) => !left.Equals(right);

    public override string ToString() => ToIPAddress().ToString();
}
