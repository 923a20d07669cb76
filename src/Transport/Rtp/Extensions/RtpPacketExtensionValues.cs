namespace Sfu.Transport.Rtp.Extensions;

/// <summary>
/// Typed access to the header extensions an SFU reads and rewrites, by the local id negotiated for each
/// (the extmap id). Every reader returns false when the element is absent or malformed.
/// </summary>
public static class RtpPacketExtensionValues
{
    public static bool TryGetMid(this RtpPacket packet, byte id, out ReadOnlySpan<byte> mid)
    {
        mid = ReadOnlySpan<byte>.Empty;
        return packet.TryGetExtension(id, out Span<byte> value) && SdesIdentifier.TryReadMid(value, out mid);
    }

    public static bool TryGetRid(this RtpPacket packet, byte id, out ReadOnlySpan<byte> rid)
    {
        rid = ReadOnlySpan<byte>.Empty;
        return packet.TryGetExtension(id, out Span<byte> value) && SdesIdentifier.TryReadRid(value, out rid);
    }

    public static bool TryGetRepairedRid(this RtpPacket packet, byte id, out ReadOnlySpan<byte> repairedRid)
    {
        repairedRid = ReadOnlySpan<byte>.Empty;
        return packet.TryGetExtension(id, out Span<byte> value) && SdesIdentifier.TryReadRepairedRid(value, out repairedRid);
    }

    public static bool TryGetAbsSendTime(this RtpPacket packet, byte id, out uint sendTime)
    {
        sendTime = 0;
        return packet.TryGetExtension(id, out Span<byte> value) && AbsSendTime.TryRead(value, out sendTime);
    }

    /// <summary>Overwrites an existing abs-send-time element in place.</summary>
    public static bool TrySetAbsSendTime(this RtpPacket packet, byte id, uint sendTime) =>
        packet.TryGetExtension(id, out Span<byte> value) && AbsSendTime.TryWrite(value, sendTime);

    public static bool TryGetTransportSequenceNumber(this RtpPacket packet, byte id, out ushort sequenceNumber)
    {
        sequenceNumber = 0;
        return packet.TryGetExtension(id, out Span<byte> value) && TransportSequenceNumber.TryRead(value, out sequenceNumber);
    }

    /// <summary>Overwrites an existing transport-wide sequence number element in place.</summary>
    public static bool TrySetTransportSequenceNumber(this RtpPacket packet, byte id, ushort sequenceNumber) =>
        packet.TryGetExtension(id, out Span<byte> value) && TransportSequenceNumber.TryWrite(value, sequenceNumber);

    public static bool TryGetAudioLevel(this RtpPacket packet, byte id, out AudioLevelIndication level)
    {
        level = default;
        return packet.TryGetExtension(id, out Span<byte> value) && AudioLevelIndication.TryRead(value, out level);
    }

    public static bool TryGetVideoOrientation(this RtpPacket packet, byte id, out VideoOrientation orientation)
    {
        orientation = default;
        return packet.TryGetExtension(id, out Span<byte> value) && VideoOrientation.TryRead(value, out orientation);
    }
}
