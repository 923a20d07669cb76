namespace Sfu.Transport.Rtp;

/// <summary>How the header extension block of an RTP packet lays out its elements (RFC 8285 §4).</summary>
public enum RtpHeaderExtensionForm : byte
{
    /// <summary>The packet has no header extension (X bit clear).</summary>
    None = 0,

    /// <summary>Profile 0xBEDE: a byte of ID (1..14) and length-minus-one per element (RFC 8285 §4.2).</summary>
    OneByte = 1,

    /// <summary>Profile 0x100X: an ID byte (1..255) and a length byte per element (RFC 8285 §4.3).</summary>
    TwoByte = 2,

    /// <summary>Some other profile-defined extension: only its raw body is available.</summary>
    Unknown = 3,
}
