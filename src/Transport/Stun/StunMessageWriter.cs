using System.Buffers.Binary;
using Sfu.Transport.Net;

namespace Sfu.Transport.Stun;

/// <summary>
/// Builds one STUN message into a caller buffer, attribute by attribute, without allocating. The header length
/// is kept up to date after every append, so MESSAGE-INTEGRITY and FINGERPRINT can be computed in place.
/// </summary>
/// <remarks>
/// Appends return false once the buffer is too small or an append is not allowed (anything but FINGERPRINT after
/// MESSAGE-INTEGRITY, anything after FINGERPRINT); the failure is sticky and <see cref="TryComplete"/> reports it,
/// so a caller may chain appends and check once.
/// </remarks>
public ref struct StunMessageWriter
{
    private readonly Span<byte> buffer;
    private int length;
    private bool failed;
    private bool hasIntegrity;
    private bool hasFingerprint;

    public StunMessageWriter(Span<byte> buffer, StunClass messageClass, ushort method, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunConstants.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id has 12 bytes.", nameof(transactionId));
        }

        this.buffer = buffer;
        if (buffer.Length < StunConstants.HeaderLength)
        {
            failed = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(messageClass, method));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.Slice(4), StunConstants.MagicCookie);
        transactionId.CopyTo(buffer.Slice(8));
        length = StunConstants.HeaderLength;
        StunIntegrity.WriteLengthUpTo(buffer, length);
    }

    /// <summary>Bytes written so far (a complete message at every step).</summary>
    public readonly int Length => length;

    public readonly bool HasFailed => failed;

    public readonly ReadOnlySpan<byte> Written => buffer.Slice(0, length);

    /// <summary>Any attribute, value copied and zero-padded to 4 bytes (§14).</summary>
    public bool AppendAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out Span<byte> destination))
        {
            return false;
        }

        value.CopyTo(destination);
        return true;
    }

    public bool AppendUsername(ReadOnlySpan<byte> username) => AppendAttribute(StunAttributeType.Username, username);

    public bool AppendPriority(uint priority)
    {
        if (!TryReserve(StunAttributeType.Priority, 4, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        return true;
    }

    public bool AppendUseCandidate() => TryReserve(StunAttributeType.UseCandidate, 0, out _);

    public bool AppendIceControlling(ulong tieBreaker) => AppendUInt64(StunAttributeType.IceControlling, tieBreaker);

    public bool AppendIceControlled(ulong tieBreaker) => AppendUInt64(StunAttributeType.IceControlled, tieBreaker);

    public bool AppendNomination(uint nomination)
    {
        if (!TryReserve(StunAttributeType.Nomination, 4, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, nomination & 0x00FF_FFFF);
        return true;
    }

    /// <summary>XOR-MAPPED-ADDRESS (§14.2); needs the transaction id already in the header for IPv6.</summary>
    public bool AppendXorMappedAddress(in NetAddress address, ushort port)
    {
        int valueLength = 4 + address.Length;
        if (!TryReserve(StunAttributeType.XorMappedAddress, valueLength, out Span<byte> value))
        {
            return false;
        }

        value[0] = 0;
        value[1] = address.IsIPv6 ? StunAddressFamily.IPv6 : StunAddressFamily.IPv4;
        BinaryPrimitives.WriteUInt16BigEndian(value.Slice(2), (ushort)(port ^ (StunConstants.MagicCookie >> 16)));
        Span<byte> addressBytes = value.Slice(4);
        address.TryWriteBytes(addressBytes, out _);
        ReadOnlySpan<byte> pad = buffer.Slice(4, address.Length); // cookie, then transaction id for IPv6
        for (int i = 0; i < addressBytes.Length; i++)
        {
            addressBytes[i] ^= pad[i];
        }

        return true;
    }

    /// <summary>ERROR-CODE (§14.8) with the given UTF-8 reason, or the standard phrase when empty.</summary>
    public bool AppendErrorCode(int code, ReadOnlySpan<byte> reason = default)
    {
        if (!StunErrorCodes.IsValid(code))
        {
            failed = true;
            return false;
        }

        if (reason.IsEmpty)
        {
            reason = StunErrorCodes.ReasonPhrase(code);
        }

        if (!TryReserve(StunAttributeType.ErrorCode, 4 + reason.Length, out Span<byte> value))
        {
            return false;
        }

        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value.Slice(4));
        return true;
    }

    /// <summary>
    /// MESSAGE-INTEGRITY (§14.5): HMAC-SHA1 keyed with <paramref name="key"/> over the message so far, its
    /// length field already counting this attribute.
    /// </summary>
    public bool AppendMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int attributeOffset = length;
        if (!TryReserve(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength, out Span<byte> value))
        {
            return false;
        }

        StunIntegrity.ComputeInPlace(buffer, attributeOffset, key, value);
        hasIntegrity = true;
        return true;
    }

    /// <summary>FINGERPRINT (§14.7), the last attribute: CRC-32 of everything before it, XOR 0x5354554e.</summary>
    public bool AppendFingerprint()
    {
        int attributeOffset = length;
        if (!TryReserve(StunAttributeType.Fingerprint, StunConstants.FingerprintLength, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(value, StunIntegrity.Fingerprint(buffer, attributeOffset));
        hasFingerprint = true;
        return true;
    }

    /// <summary>The final length, or false if any step failed.</summary>
    public readonly bool TryComplete(out int messageLength)
    {
        messageLength = failed ? 0 : length;
        return !failed;
    }

    private bool AppendUInt64(ushort type, ulong number)
    {
        if (!TryReserve(type, 8, out Span<byte> value))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(value, number);
        return true;
    }

    private bool TryReserve(ushort type, int valueLength, out Span<byte> value)
    {
        value = default;
        bool allowedHere = !hasFingerprint && (!hasIntegrity || type == StunAttributeType.Fingerprint);
        int padded = StunConstants.Padded(valueLength);
        int end = length + StunConstants.AttributeHeaderLength + padded;
        if (failed || !allowedHere || valueLength > ushort.MaxValue || end > buffer.Length || end > StunConstants.MaxMessageLength)
        {
            failed = true;
            return false;
        }

        Span<byte> attribute = buffer.Slice(length, end - length);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute.Slice(2), (ushort)valueLength);
        attribute.Slice(StunConstants.AttributeHeaderLength + valueLength).Clear(); // padding bytes
        value = attribute.Slice(StunConstants.AttributeHeaderLength, valueLength);
        length = end;
        StunIntegrity.WriteLengthUpTo(buffer, length);
        return true;
    }
}
