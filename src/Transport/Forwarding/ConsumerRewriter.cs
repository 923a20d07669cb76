using Sfu.Transport.Codecs;
using Sfu.Transport.Rtp;
using Sfu.Transport.Rtp.Extensions;

namespace Sfu.Transport.Forwarding;

/// <summary>
/// Turns a router packet into a consumer's packet once the consumer decided to forward it (PROTOCOL §7.3, R90,
/// R95): SSRC, payload type, sequence number and timestamp from the decision, the VP8/VP9 picture numbering
/// rewritten, copied header extensions renamed to the consumer's ids, and the mid, abs-send-time and
/// transport-wide sequence number written. Padding is not forwarded.
/// </summary>
public static class ConsumerRewriter
{
    /// <summary>
    /// Writes the consumer's packet into <paramref name="destination"/>, leaving <paramref name="incoming"/> as it
    /// is so that it can serve the next consumer. False, without throwing, when the payload type is not mapped or
    /// the destination is too small.
    /// </summary>
    public static bool TryRewriteInto(
        in RtpPacket incoming,
        in ForwardDecision decision,
        ConsumerOutput output,
        PayloadCodec codec,
        uint absSendTime,
        ushort transportSequenceNumber,
        Span<byte> destination,
        out int length)
    {
        length = 0;
        if (!decision.ShouldForward || !output.TryMapPayloadType(incoming.PayloadType, out byte payloadType))
        {
            return false;
        }

        var writer = new RtpPacketWriter(destination, payloadType, decision.SequenceNumber, decision.Timestamp, output.Ssrc, incoming.Marker);
        for (int i = 0; i < incoming.CsrcCount; i++)
        {
            if (!writer.TryAddCsrc(incoming.GetCsrc(i)))
            {
                return false;
            }
        }

        if (!TryAddOwnExtensions(ref writer, output, absSendTime, transportSequenceNumber))
        {
            return false;
        }

        foreach (RtpHeaderExtension element in incoming.Extensions)
        {
            byte id = output.MapExtensionId(element.Id);
            if (id != 0 && !writer.TryAddExtension(id, element.Value))
            {
                return false;
            }
        }

        if (!writer.TryFinish(incoming.Payload, 0, out length))
        {
            return false;
        }

        int payloadStart = length - incoming.PayloadLength;
        CodecPayloads.RewritePictureNumbering(codec, destination[payloadStart..length], decision.PictureId, decision.Tl0PicIdx);
        return true;
    }

    /// <summary>
    /// Rewrites the packet where it lies, using the buffer's room beyond the packet for the added extensions. For
    /// a packet sent to a single consumer. False when the payload type is not mapped or the room is short; the
    /// header may then be partly rewritten, and the caller falls back to <see cref="TryRewriteInto"/> from a
    /// pristine copy.
    /// </summary>
    public static bool TryRewriteInPlace(
        ref RtpPacket packet,
        in ForwardDecision decision,
        ConsumerOutput output,
        PayloadCodec codec,
        uint absSendTime,
        ushort transportSequenceNumber)
    {
        if (!decision.ShouldForward || !output.TryMapPayloadType(packet.PayloadType, out byte payloadType))
        {
            return false;
        }

        packet.PayloadType = payloadType;
        packet.SequenceNumber = decision.SequenceNumber;
        packet.Timestamp = decision.Timestamp;
        packet.Ssrc = output.Ssrc;
        packet.RemovePadding();
        CodecPayloads.RewritePictureNumbering(codec, packet.Payload, decision.PictureId, decision.Tl0PicIdx);
        if (!packet.TryRewriteExtensionIds(output.ExtensionIdMap))
        {
            return false;
        }

        if (output.MidId != 0 && !packet.TrySetExtension(output.MidId, output.Mid))
        {
            return false;
        }

        Span<byte> value = stackalloc byte[AbsSendTime.ValueLength];
        if (output.AbsSendTimeId != 0)
        {
            AbsSendTime.TryWrite(value, absSendTime);
            if (!packet.TrySetExtension(output.AbsSendTimeId, value))
            {
                return false;
            }
        }

        if (output.TransportSequenceNumberId != 0)
        {
            TransportSequenceNumber.TryWrite(value[..TransportSequenceNumber.ValueLength], transportSequenceNumber);
            if (!packet.TrySetExtension(output.TransportSequenceNumberId, value[..TransportSequenceNumber.ValueLength]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryAddOwnExtensions(ref RtpPacketWriter writer, ConsumerOutput output, uint absSendTime, ushort transportSequenceNumber)
    {
        if (output.MidId != 0 && !writer.TryAddExtension(output.MidId, output.Mid))
        {
            return false;
        }

        Span<byte> value = stackalloc byte[AbsSendTime.ValueLength];
        if (output.AbsSendTimeId != 0)
        {
            AbsSendTime.TryWrite(value, absSendTime);
            if (!writer.TryAddExtension(output.AbsSendTimeId, value))
            {
                return false;
            }
        }

        if (output.TransportSequenceNumberId != 0)
        {
            TransportSequenceNumber.TryWrite(value[..TransportSequenceNumber.ValueLength], transportSequenceNumber);
            if (!writer.TryAddExtension(output.TransportSequenceNumberId, value[..TransportSequenceNumber.ValueLength]))
            {
                return false;
            }
        }

        return true;
    }
}
