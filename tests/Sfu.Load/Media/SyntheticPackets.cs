using System.Buffers.Binary;
using System.Text;
using Sfu.Transport.Codecs;
using Sfu.Transport.Rtp;

namespace Sfu.Load.Media;

/// <summary>
/// RTP packets of synthetic streams with the header extensions a browser puts on them (mid, rid) and payloads a
/// forwarder can read: opus is opaque; VP8 carries a real payload descriptor and payload header (RFC 7741 §4.2–§4.3),
/// key frames with the 0x9d012a start code and a size. The first 8 payload bytes after the descriptor carry the send
/// time in microseconds, so a receiver can measure latency.
/// </summary>
public static class SyntheticPackets
{
    /// <summary>Writes one opus packet of <paramref name="payloadSize"/> bytes; returns its length.</summary>
    public static int Opus(Span<byte> buffer, ushort seq, uint timestamp, uint ssrc, string mid, long sendTimeUs, int payloadSize = 80)
    {
        var writer = new RtpPacketWriter(buffer, ProducerParameters.OpusPayloadType, seq, timestamp, ssrc);
        AddMid(ref writer, mid);
        Span<byte> payload = stackalloc byte[Math.Max(payloadSize, 8)];
        BinaryPrimitives.WriteInt64BigEndian(payload, sendTimeUs);
        return writer.TryFinish(payload, 0, out int length) ? length : throw new ArgumentException("buffer too small");
    }

    /// <summary>
    /// Writes one VP8 packet: a whole small frame in one packet (start of partition 0, marker set), with picture id,
    /// TL0PICIDX and temporal layer id as a simulcast encoder sends them.
    /// </summary>
    public static int Vp8(
        Span<byte> buffer, ushort seq, uint timestamp, uint ssrc, string mid, string? rid, bool keyFrame,
        int pictureId, int tl0PicIdx, int temporalLayer, long sendTimeUs, int payloadSize = 900)
    {
        var writer = new RtpPacketWriter(buffer, ProducerParameters.Vp8PayloadType, seq, timestamp, ssrc, marker: true);
        AddMid(ref writer, mid);
        if (rid is not null)
        {
            writer.TryAddExtension(ProducerParameters.RidId, Encoding.ASCII.GetBytes(rid));
        }

        Span<byte> payload = stackalloc byte[Math.Max(payloadSize, 32)];
        Vp8PayloadDescriptorWriter.TryWrite(payload, startOfPartition: true, partitionIndex: 0, nonReference: false,
            pictureId, longPictureId: true, tl0PicIdx, temporalLayer, layerSync: temporalLayer > 0, keyIndex: -1, out int descriptor);
        Span<byte> frame = payload[descriptor..];
        if (keyFrame)
        {
            // Frame tag with P = 0 (key frame) and show_frame, then the start code and 320x180 (RFC 6386 §9.1).
            frame[0] = 0x10;
            frame[1] = 0;
            frame[2] = 0;
            frame[3] = 0x9d;
            frame[4] = 0x01;
            frame[5] = 0x2a;
            BinaryPrimitives.WriteUInt16LittleEndian(frame[6..], 320);
            BinaryPrimitives.WriteUInt16LittleEndian(frame[8..], 180);
            BinaryPrimitives.WriteInt64BigEndian(frame[10..], sendTimeUs);
        }
        else
        {
            frame[0] = 0x11; // P = 1: an inter frame
            frame[1] = 0;
            frame[2] = 0;
            BinaryPrimitives.WriteInt64BigEndian(frame[3..], sendTimeUs);
        }

        return writer.TryFinish(payload, 0, out int length) ? length : throw new ArgumentException("buffer too small");
    }

    private static void AddMid(ref RtpPacketWriter writer, string mid)
    {
        Span<byte> value = stackalloc byte[16];
        int count = Encoding.ASCII.GetBytes(mid, value);
        writer.TryAddExtension(ProducerParameters.MidId, value[..count]);
    }
}
