namespace Sfu.Transport.Rtcp;

/// <summary>One SDES item: its type and its UTF-8 text (at most 255 bytes, no terminator).</summary>
public readonly ref struct RtcpSdesItem
{
    public RtcpSdesItem(RtcpSdesItemType type, ReadOnlySpan<byte> text)
    {
        Type = type;
        Text = text;
    }

    public RtcpSdesItemType Type { get; }

    public ReadOnlySpan<byte> Text { get; }
}
