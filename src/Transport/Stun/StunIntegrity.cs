using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Transport.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5) and FINGERPRINT (§14.7) computations shared by the reader and the writer.
/// </summary>
internal static class StunIntegrity
{
    // Browsers' checks are about 100 bytes; anything up to a full Ethernet datagram is hashed from the stack.
    private const int StackCopyLimit = 1536;

    /// <summary>
    /// HMAC-SHA1 over the message up to (not including) the MESSAGE-INTEGRITY attribute at
    /// <paramref name="integrityOffset"/>, with the header length field rewritten as if MESSAGE-INTEGRITY were the
    /// last attribute (§14.5), which is what the sender saw when it computed the value.
    /// </summary>
    public static void ComputeForReceived(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        byte[]? rented = null;
        Span<byte> copy = integrityOffset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(integrityOffset));
        copy = copy.Slice(0, integrityOffset);
        message.Slice(0, integrityOffset).CopyTo(copy);
        WriteLengthUpTo(copy, integrityOffset + StunConstants.MessageIntegrityAttributeLength);
        HMACSHA1.TryHashData(key, copy, mac, out _);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// For a message being written: its header length must already count the MESSAGE-INTEGRITY attribute that
    /// starts at <paramref name="integrityOffset"/>, so the prefix is hashed in place.
    /// </summary>
    public static void ComputeInPlace(ReadOnlySpan<byte> message, int integrityOffset, ReadOnlySpan<byte> key, Span<byte> mac) =>
        HMACSHA1.TryHashData(key, message.Slice(0, integrityOffset), mac, out _);

    /// <summary>CRC-32 of the message up to the FINGERPRINT attribute, XORed with 0x5354554e (§14.7).</summary>
    public static uint Fingerprint(ReadOnlySpan<byte> message, int fingerprintOffset) =>
        Crc32.Compute(message.Slice(0, fingerprintOffset)) ^ StunConstants.FingerprintXor;

    /// <summary>Sets the header length field so that the message ends at <paramref name="messageEnd"/>.</summary>
    public static void WriteLengthUpTo(Span<byte> header, int messageEnd) =>
        BinaryPrimitives.WriteUInt16BigEndian(header.Slice(2), (ushort)(messageEnd - StunConstants.HeaderLength));
}
