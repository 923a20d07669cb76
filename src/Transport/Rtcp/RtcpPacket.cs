using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// One RTCP packet of a datagram: its header fields and its body, before any type-specific parsing. The typed
/// views (<see cref="RtcpSenderReport"/>, <see cref="RtcpGenericNack"/>...) are parsed from it.
/// </summary>
public readonly ref struct RtcpPacket
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly int _paddingLength;

    private RtcpPacket(ReadOnlySpan<byte> bytes, int paddingLength)
    {
        _bytes = bytes;
        _paddingLength = paddingLength;
    }

    /// <summary>
    /// Reads the packet at the start of <paramref name="data"/>: version 2, a length that fits in the data and,
    /// with the P bit, a padding count of at least 1 that stays within the body (RFC 3550 §6.4.1, A.2).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet)
    {
        packet = default;
        if (data.Length < RtcpHeader.Length || data[0] >> 6 != RtcpHeader.Version)
        {
            return false;
        }

        int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1);
        if (length > data.Length)
        {
            return false;
        }

        int paddingLength = 0;
        if ((data[0] & RtcpHeader.PaddingBit) != 0)
        {
            paddingLength = data[length - 1];
            if (paddingLength == 0 || paddingLength > length - RtcpHeader.Length)
            {
                return false;
            }
        }

        packet = new RtcpPacket(data[..length], paddingLength);
        return true;
    }

    /// <summary>The whole packet, header to last padding byte.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public int Length => _bytes.Length;

    public bool HasPadding => _paddingLength > 0;

    public int PaddingLength => _paddingLength;

    /// <summary>The 5-bit field after the P bit: a report or source count, or the feedback message type (FMT).</summary>
    public int Count => _bytes[0] & RtcpHeader.MaxCount;

    /// <summary>Same bits as <see cref="Count"/>, named as feedback messages name them (RFC 4585 §6.1).</summary>
    public int Format => Count;

    public RtcpPacketType Type => (RtcpPacketType)_bytes[1];

    /// <summary>Everything after the 4-byte header, without the padding.</summary>
    public ReadOnlySpan<byte> Body => _bytes[RtcpHeader.Length..(_bytes.Length - _paddingLength)];

    public RtcpPacketKind Kind => Type switch
    {
        RtcpPacketType.SenderReport => RtcpPacketKind.SenderReport,
        RtcpPacketType.ReceiverReport => RtcpPacketKind.ReceiverReport,
        RtcpPacketType.SourceDescription => RtcpPacketKind.SourceDescription,
        RtcpPacketType.Goodbye => RtcpPacketKind.Goodbye,
        RtcpPacketType.ApplicationDefined => RtcpPacketKind.ApplicationDefined,
        RtcpPacketType.ExtendedReport => RtcpPacketKind.ExtendedReport,
        RtcpPacketType.TransportLayerFeedback => Format switch
        {
            RtcpGenericNack.FeedbackFormat => RtcpPacketKind.GenericNack,
            RtcpTransportFeedback.FeedbackFormat => RtcpPacketKind.TransportFeedback,
            _ => RtcpPacketKind.OtherTransportLayerFeedback,
        },
        RtcpPacketType.PayloadSpecificFeedback => Format switch
        {
            RtcpPictureLossIndication.FeedbackFormat => RtcpPacketKind.PictureLossIndication,
            RtcpFullIntraRequest.FeedbackFormat => RtcpPacketKind.FullIntraRequest,
            RtcpRemb.FeedbackFormat when IsRemb => RtcpPacketKind.ReceiverEstimatedMaximumBitrate,
            _ => RtcpPacketKind.OtherPayloadSpecificFeedback,
        },
        _ => RtcpPacketKind.Unknown,
    };

    private bool IsRemb
    {
        get
        {
            ReadOnlySpan<byte> body = Body;
            return body.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(body[8..]) == RtcpRemb.UniqueIdentifier;
        }
    }

    /// <summary>Whether the packet type is one RFC 3550, 4585 and 3611 define (200..207).</summary>
    public bool IsKnownType => Type is >= RtcpPacketType.SenderReport and <= RtcpPacketType.ExtendedReport;
}
