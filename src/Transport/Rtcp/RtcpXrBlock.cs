namespace Sfu.Transport.Rtcp;

/// <summary>
/// One report block of an XR packet (RFC 3611 §3):
/// <code>
/// |      BT       | type-specific |         block length          |
/// :             type-specific block contents                      :
/// </code>
/// </summary>
public readonly ref struct RtcpXrBlock
{
    internal RtcpXrBlock(RtcpXrBlockType type, byte typeSpecific, ReadOnlySpan<byte> content)
    {
        Type = type;
        TypeSpecific = typeSpecific;
        Content = content;
    }

    public RtcpXrBlockType Type { get; }

    public byte TypeSpecific { get; }

    /// <summary>The block after its 4-byte header.</summary>
    public ReadOnlySpan<byte> Content { get; }
}
