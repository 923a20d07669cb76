namespace Sfu.Transport.Codecs;

/// <summary>
/// The payload formats whose bytes the forwarding path looks into. Everything else (opus, other audio) is
/// forwarded as opaque frames that are all "key frames".
/// </summary>
public enum PayloadCodec : byte
{
    /// <summary>Audio and any format without inter-frame dependencies the SFU needs to know about.</summary>
    Opaque = 0,

    /// <summary>RFC 7741.</summary>
    Vp8,

    /// <summary>RFC 9628 (draft-ietf-payload-vp9).</summary>
    Vp9,

    /// <summary>RFC 6184, packetization-mode 0 or 1.</summary>
    H264,
}
