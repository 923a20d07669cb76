using System.Buffers.Binary;
using System.Security.Cryptography;
using Sfu.Transport.Net;

namespace Sfu.Transport.Stun;

/// <summary>
/// A validated, read-only view of one STUN message (RFC 8489) over the received bytes. Parsing allocates nothing
/// and never throws: garbage makes <see cref="TryParse"/> return false.
/// </summary>
/// <remarks>
/// What parsing checks: the RFC 8489 §5 header (two top bits zero, magic cookie, a length that is a multiple of 4
/// and matches the datagram), every attribute fitting with its padding (§14), the fixed lengths of the attributes
/// ICE uses, FINGERPRINT being last and correct (§14.7). MESSAGE-INTEGRITY is located but only checked by
/// <see cref="VerifyMessageIntegrity"/>, because the key depends on who the message is for. As §14.5 requires,
/// attributes after MESSAGE-INTEGRITY other than FINGERPRINT are not exposed; when an attribute repeats, the first
/// occurrence counts (§14).
/// </remarks>
public readonly ref struct StunMessage
{
    private const int Absent = -1;

    private readonly ReadOnlySpan<byte> data;
    private readonly int usernameOffset;
    private readonly int usernameLength;
    private readonly int integrityOffset;
    private readonly int errorCodeOffset;
    private readonly int errorCodeLength;
    private readonly int xorMappedAddressOffset;
    private readonly int xorMappedAddressLength;
    private readonly uint priority;
    private readonly uint nomination;
    private readonly ulong iceControlling;
    private readonly ulong iceControlled;
    private readonly Flags flags;

    [Flags]
    private enum Flags : ushort
    {
        None = 0,
        Fingerprint = 1 << 0,
        Priority = 1 << 1,
        UseCandidate = 1 << 2,
        IceControlling = 1 << 3,
        IceControlled = 1 << 4,
        Nomination = 1 << 5,
    }

    private StunMessage(
        ReadOnlySpan<byte> data,
        int usernameOffset,
        int usernameLength,
        int integrityOffset,
        int errorCodeOffset,
        int errorCodeLength,
        int xorMappedAddressOffset,
        int xorMappedAddressLength,
        uint priority,
        uint nomination,
        ulong iceControlling,
        ulong iceControlled,
        Flags flags)
    {
        this.data = data;
        this.usernameOffset = usernameOffset;
        this.usernameLength = usernameLength;
        this.integrityOffset = integrityOffset;
        this.errorCodeOffset = errorCodeOffset;
        this.errorCodeLength = errorCodeLength;
        this.xorMappedAddressOffset = xorMappedAddressOffset;
        this.xorMappedAddressLength = xorMappedAddressLength;
        this.priority = priority;
        this.nomination = nomination;
        this.iceControlling = iceControlling;
        this.iceControlled = iceControlled;
        this.flags = flags;
    }

    /// <summary>The whole message as received.</summary>
    public ReadOnlySpan<byte> Bytes => data;

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(data);

    public StunClass Class => StunMessageType.ClassOf(MessageType);

    public ushort Method => StunMessageType.MethodOf(MessageType);

    public ReadOnlySpan<byte> TransactionId => data.Slice(8, StunConstants.TransactionIdLength);

    public bool HasUsername => usernameOffset != Absent;

    /// <summary>The USERNAME value (RFC 8489 §14.3), empty when absent. For ICE: "receiverUfrag:senderUfrag".</summary>
    public ReadOnlySpan<byte> Username => HasUsername ? data.Slice(usernameOffset, usernameLength) : default;

    public bool HasMessageIntegrity => integrityOffset != Absent;

    /// <summary>FINGERPRINT is present (parsing already rejected a wrong one).</summary>
    public bool HasFingerprint => (flags & Flags.Fingerprint) != 0;

    public bool HasPriority => (flags & Flags.Priority) != 0;

    /// <summary>PRIORITY (RFC 8445 §7.1.1): the priority of the peer-reflexive candidate the check would create.</summary>
    public uint Priority => priority;

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates this pair.</summary>
    public bool HasUseCandidate => (flags & Flags.UseCandidate) != 0;

    public bool HasIceControlling => (flags & Flags.IceControlling) != 0;

    /// <summary>The tie-breaker of ICE-CONTROLLING (RFC 8445 §7.1.3).</summary>
    public ulong IceControllingTieBreaker => iceControlling;

    public bool HasIceControlled => (flags & Flags.IceControlled) != 0;

    /// <summary>The tie-breaker of ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    public ulong IceControlledTieBreaker => iceControlled;

    public bool HasNomination => (flags & Flags.Nomination) != 0;

    /// <summary>The 24-bit NOMINATION value of libwebrtc renomination: a higher value supersedes a lower one.</summary>
    public uint Nomination => nomination;

    public bool HasErrorCode => errorCodeOffset != Absent;

    /// <summary>ERROR-CODE as class × 100 + number (RFC 8489 §14.8), 0 when absent.</summary>
    public int ErrorCode => HasErrorCode
        ? ((data[errorCodeOffset + 2] & 0x07) * 100) + data[errorCodeOffset + 3]
        : 0;

    /// <summary>The UTF-8 reason phrase of ERROR-CODE, empty when absent.</summary>
    public ReadOnlySpan<byte> ErrorReason => HasErrorCode ? data.Slice(errorCodeOffset + 4, errorCodeLength - 4) : default;

    public bool HasXorMappedAddress => xorMappedAddressOffset != Absent;

    /// <summary>All attributes in wire order; see <see cref="StunAttributeEnumerator"/>.</summary>
    public StunAttributeEnumerator Attributes => new(data);

    /// <summary>Validates <paramref name="datagram"/> as one whole STUN message; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunConstants.HeaderLength)
        {
            return false;
        }

        // §5: the two most significant bits are zero (this is what separates STUN from RTP/DTLS on one port),
        // the length excludes the header and is a multiple of 4 because every attribute is padded.
        ushort messageType = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        int declaredLength = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(2));
        if ((messageType & 0xC000) != 0
            || (declaredLength & 3) != 0
            || StunConstants.HeaderLength + declaredLength != datagram.Length
            || BinaryPrimitives.ReadUInt32BigEndian(datagram.Slice(4)) != StunConstants.MagicCookie)
        {
            return false;
        }

        int usernameOffset = Absent, usernameLength = 0, integrityOffset = Absent;
        int errorCodeOffset = Absent, errorCodeLength = 0, xorOffset = Absent, xorLength = 0;
        uint priority = 0, nomination = 0;
        ulong controlling = 0, controlled = 0;
        Flags flags = Flags.None;

        int offset = StunConstants.HeaderLength;
        while (offset < datagram.Length)
        {
            if ((flags & Flags.Fingerprint) != 0)
            {
                return false; // §14.7: FINGERPRINT is the last attribute.
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset));
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(offset + 2));
            int valueOffset = offset + StunConstants.AttributeHeaderLength;
            if (datagram.Length - valueOffset < StunConstants.Padded(length))
            {
                return false;
            }

            ReadOnlySpan<byte> value = datagram.Slice(valueOffset, length);
            if (type == StunAttributeType.Fingerprint)
            {
                if (length != StunConstants.FingerprintLength
                    || BinaryPrimitives.ReadUInt32BigEndian(value) != StunIntegrity.Fingerprint(datagram, offset))
                {
                    return false;
                }

                flags |= Flags.Fingerprint;
            }
            else if (integrityOffset != Absent)
            {
                // §14.5: everything between MESSAGE-INTEGRITY and FINGERPRINT is ignored.
            }
            else
            {
                switch (type)
                {
                    case StunAttributeType.MessageIntegrity:
                        if (length != StunConstants.MessageIntegrityLength)
                        {
                            return false;
                        }

                        integrityOffset = offset;
                        break;
                    case StunAttributeType.Username when usernameOffset == Absent:
                        usernameOffset = valueOffset;
                        usernameLength = length;
                        break;
                    case StunAttributeType.Priority when (flags & Flags.Priority) == 0:
                        if (length != 4)
                        {
                            return false;
                        }

                        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                        flags |= Flags.Priority;
                        break;
                    case StunAttributeType.UseCandidate:
                        if (length != 0)
                        {
                            return false;
                        }

                        flags |= Flags.UseCandidate;
                        break;
                    case StunAttributeType.IceControlling when (flags & Flags.IceControlling) == 0:
                        if (length != 8)
                        {
                            return false;
                        }

                        controlling = BinaryPrimitives.ReadUInt64BigEndian(value);
                        flags |= Flags.IceControlling;
                        break;
                    case StunAttributeType.IceControlled when (flags & Flags.IceControlled) == 0:
                        if (length != 8)
                        {
                            return false;
                        }

                        controlled = BinaryPrimitives.ReadUInt64BigEndian(value);
                        flags |= Flags.IceControlled;
                        break;
                    case StunAttributeType.Nomination when (flags & Flags.Nomination) == 0:
                        if (length != 4)
                        {
                            return false;
                        }

                        nomination = BinaryPrimitives.ReadUInt32BigEndian(value) & 0x00FF_FFFF;
                        flags |= Flags.Nomination;
                        break;
                    case StunAttributeType.ErrorCode when errorCodeOffset == Absent:
                        // §14.8: 21 reserved bits, a class digit of 3..6, a number of 0..99, then the reason.
                        if (length < 4 || (value[2] & 0x07) is < 3 or > 6 || value[3] > 99)
                        {
                            return false;
                        }

                        errorCodeOffset = valueOffset;
                        errorCodeLength = length;
                        break;
                    case StunAttributeType.XorMappedAddress when xorOffset == Absent:
                        if (!IsWellFormedAddress(value))
                        {
                            return false;
                        }

                        xorOffset = valueOffset;
                        xorLength = length;
                        break;
                }
            }

            offset = valueOffset + StunConstants.Padded(length);
        }

        message = new StunMessage(
            datagram, usernameOffset, usernameLength, integrityOffset, errorCodeOffset, errorCodeLength,
            xorOffset, xorLength, priority, nomination, controlling, controlled, flags);
        return true;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY with <paramref name="key"/> (for ICE's short-term credentials, the password bytes:
    /// RFC 8489 §9.1.1). False when the attribute is absent or the HMAC differs; compared in constant time.
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (integrityOffset == Absent)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[StunConstants.MessageIntegrityLength];
        StunIntegrity.ComputeForReceived(data, integrityOffset, key, expected);
        ReadOnlySpan<byte> received = data.Slice(integrityOffset + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    /// <summary>
    /// Decodes XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the port is XORed with the top half of the magic cookie, an
    /// IPv4 address with the cookie, an IPv6 address with the cookie followed by the transaction id.
    /// </summary>
    public bool TryGetXorMappedAddress(out NetAddress address, out ushort port)
    {
        address = default;
        port = 0;
        if (xorMappedAddressOffset == Absent)
        {
            return false;
        }

        ReadOnlySpan<byte> value = data.Slice(xorMappedAddressOffset, xorMappedAddressLength);
        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2)) ^ (StunConstants.MagicCookie >> 16));
        if (value[1] == StunAddressFamily.IPv4)
        {
            address = NetAddress.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(value.Slice(4)) ^ StunConstants.MagicCookie);
            return true;
        }

        // The XOR pad for IPv6 is the 16 header bytes from the cookie on: cookie then transaction id.
        Span<byte> bytes = stackalloc byte[NetAddress.IPv6Length];
        ReadOnlySpan<byte> pad = data.Slice(4, NetAddress.IPv6Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(value[4 + i] ^ pad[i]);
        }

        address = NetAddress.FromIPv6(bytes);
        return true;
    }

    private static bool IsWellFormedAddress(ReadOnlySpan<byte> value) =>
        (value.Length == 8 && value[1] == StunAddressFamily.IPv4)
        || (value.Length == 20 && value[1] == StunAddressFamily.IPv6);
}
