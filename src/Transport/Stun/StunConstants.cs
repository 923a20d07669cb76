namespace Sfu.Transport.Stun;

/// <summary>Fixed numbers of the STUN wire format (RFC 8489).</summary>
public static class StunConstants
{
    /// <summary>§5: type (2), length (2), magic cookie (4), transaction id (12).</summary>
    public const int HeaderLength = 20;

    public const int AttributeHeaderLength = 4;

    /// <summary>§5: the fixed value that tells RFC 5389+ STUN apart from RFC 3489 and from other protocols.</summary>
    public const uint MagicCookie = 0x2112A442;

    public const int TransactionIdLength = 12;

    /// <summary>§14.5: HMAC-SHA1 output.</summary>
    public const int MessageIntegrityLength = 20;

    public const int FingerprintLength = 4;

    /// <summary>§14.7: the CRC-32 is XORed with this ("STUN" in ASCII) so that it never matches another protocol's CRC.</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Bytes MESSAGE-INTEGRITY adds, header included.</summary>
    public const int MessageIntegrityAttributeLength = AttributeHeaderLength + MessageIntegrityLength;

    /// <summary>Bytes FINGERPRINT adds, header included.</summary>
    public const int FingerprintAttributeLength = AttributeHeaderLength + FingerprintLength;

    /// <summary>The length field is 16 bits and counts what follows the 20-byte header.</summary>
    public const int MaxMessageLength = HeaderLength + 0xFFFC;

    /// <summary>§14: values are padded to a multiple of 4 bytes.</summary>
    public static int Padded(int valueLength) => (valueLength + 3) & ~3;
}
