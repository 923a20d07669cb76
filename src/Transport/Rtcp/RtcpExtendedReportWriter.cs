using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Builds an XR packet (RFC 3611) block by block: typically an RRTR on the receiving side (so the browser can
/// measure the round trip) or a DLRR on the sending side (answering the browser's RRTR).
/// </summary>
public ref struct RtcpExtendedReportWriter
{
    private readonly Span<byte> _destination;
    private readonly bool _started;
    private int _offset;

    public RtcpExtendedReportWriter(Span<byte> destination, uint ssrc)
    {
        _destination = destination;
        _offset = RtcpExtendedReport.FixedLength;
        _started = destination.Length >= RtcpExtendedReport.FixedLength;
        if (_started)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        }
    }

    /// <summary>Adds a Receiver Reference Time block (RFC 3611 §4.4).</summary>
    public bool TryAddReceiverReferenceTime(ulong ntpTimestamp)
    {
        Span<byte> ntp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(ntp, ntpTimestamp);
        return TryAddBlock(RtcpXrBlockType.ReceiverReferenceTime, 0, ntp);
    }

    /// <summary>Adds a DLRR block (RFC 3611 §4.5) with one sub-block per receiver.</summary>
    public bool TryAddDlrr(scoped ReadOnlySpan<RtcpDlrrSubBlock> subBlocks)
    {
        int contentLength = subBlocks.Length * RtcpDlrrSubBlock.Length;
        if (!TryOpenBlock(RtcpXrBlockType.DelaySinceLastReceiverReport, 0, contentLength, out Span<byte> content))
        {
            return false;
        }

        for (int i = 0; i < subBlocks.Length; i++)
        {
            subBlocks[i].Write(content[(i * RtcpDlrrSubBlock.Length)..]);
        }

        return true;
    }

    /// <summary>Adds a block of any type with its content, a whole number of words.</summary>
    public bool TryAddBlock(RtcpXrBlockType type, byte typeSpecific, scoped ReadOnlySpan<byte> content)
    {
        if (!TryOpenBlock(type, typeSpecific, content.Length, out Span<byte> destination))
        {
            return false;
        }

        content.CopyTo(destination);
        return true;
    }

    public readonly bool TryFinish(out int length)
    {
        length = 0;
        if (!_started || !RtcpHeader.FitsLengthField(_offset))
        {
            return false;
        }

        RtcpHeader.Write(_destination, 0, RtcpPacketType.ExtendedReport, _offset);
        length = _offset;
        return true;
    }

    private bool TryOpenBlock(RtcpXrBlockType type, byte typeSpecific, int contentLength, out Span<byte> content)
    {
        content = Span<byte>.Empty;
        int blockLength = RtcpExtendedReport.BlockHeaderLength + contentLength;
        if (!_started || contentLength % 4 != 0 || contentLength / 4 > ushort.MaxValue || _offset + blockLength > _destination.Length)
        {
            return false;
        }

        _destination[_offset] = (byte)type;
        _destination[_offset + 1] = typeSpecific;
        BinaryPrimitives.WriteUInt16BigEndian(_destination[(_offset + 2)..], (ushort)(contentLength / 4));
        content = _destination.Slice(_offset + RtcpExtendedReport.BlockHeaderLength, contentLength);
        _offset += blockLength;
        return true;
    }
}
