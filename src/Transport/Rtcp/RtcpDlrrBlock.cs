namespace Sfu.Transport.Rtcp;

/// <summary>The sub-blocks of one DLRR report block.</summary>
public readonly ref struct RtcpDlrrBlock
{
    private readonly ReadOnlySpan<byte> _content;

    internal RtcpDlrrBlock(ReadOnlySpan<byte> content) => _content = content;

    public int Count => _content.Length / RtcpDlrrSubBlock.Length;

    public RtcpDlrrSubBlock GetSubBlock(int index) =>
        RtcpDlrrSubBlock.Read(_content.Slice(index * RtcpDlrrSubBlock.Length, RtcpDlrrSubBlock.Length));
}
