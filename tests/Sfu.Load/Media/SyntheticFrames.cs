using System.Buffers.Binary;
using System.Text;
using Sfu.Transport.Codecs;
using Sfu.Transport.Rtp;

namespace Sfu.Load.Media;

/// <summary>
/// Packetizes synthetic VP8 frames of a given size the way a browser does (RFC 7741: the first packet of a frame
/// starts partition 0 and carries the frame tag, the last one has the marker bit), and opus packets. Every payload
/// ends with the send time in microseconds (8 bytes), which receivers read back for latency.
/// </summary>
public static class SyntheticFrames
{
    /// <summary>Payload bytes per RTP packet, as a browser keeps under the path MTU.</summary>
    public const int MaxPayload = 1100;

    public const int SendTimeLength = 8;

    /// <summary>Sends one VP8 frame of <paramref name="frameBytes"/> as one or more packets through <paramref name="send"/>.</summary>
    /// <returns>The next sequence number.</returns>
    public static ushort Vp8Frame(
        Span<byte> buffer, ushort sequenceNumber, uint timestamp, uint ssrc, byte[] mid, byte[]? rid, bool keyFrame,
        int pictureId, int frameBytes, long sendTimeUs, SendPacket send)
    {
        int remaining = Math.Max(frameBytes, 16);
        bool first = true;
        Span<byte> payload = stackalloc byte[MaxPayload + 16];
        while (remaining > 0)
        {
            int chunk = Math.Min(remaining, MaxPayload);
            remaining -= chunk;
            var writer = new RtpPacketWriter(buffer, ProducerParameters.Vp8PayloadType, sequenceNumber++, timestamp, ssrc, marker: remaining == 0);
            writer.TryAddExtension(ProducerParameters.MidId, mid);
            if (rid is not null)
            {
                writer.TryAddExtension(ProducerParameters.RidId, rid);
            }

            Vp8PayloadDescriptorWriter.TryWrite(payload, startOfPartition: first, partitionIndex: 0, nonReference: false,
                pictureId & 0x7FFF, longPictureId: true, pictureId & 0xFF, temporalLayerId: 0, layerSync: false, keyIndex: -1, out int descriptor);
            int length = descriptor + Math.Max(chunk, 12 + SendTimeLength);
            payload[descriptor..length].Clear();
            if (first)
            {
                // RFC 6386 §9.1: frame tag (P = 0 for a key frame), then for key frames the start code.
                payload[descriptor] = keyFrame ? (byte)0x10 : (byte)0x11;
                if (keyFrame)
                {
                    payload[descriptor + 3] = 0x9d;
                    payload[descriptor + 4] = 0x01;
                    payload[descriptor + 5] = 0x2a;
                }
            }

            BinaryPrimitives.WriteInt64BigEndian(payload[(length - SendTimeLength)..length], sendTimeUs);
            if (writer.TryFinish(payload[..length], 0, out int packetLength))
            {
                send(buffer, packetLength);
            }

            first = false;
        }

        return sequenceNumber;
    }

    /// <summary>The payload of every opus packet: about 32 kbit/s at 50 packets/s.</summary>
    public const int OpusPayloadBytes = 80;

    public static void Opus(Span<byte> buffer, ushort sequenceNumber, uint timestamp, uint ssrc, byte[] mid, long sendTimeUs, SendPacket send)
    {
        var writer = new RtpPacketWriter(buffer, ProducerParameters.OpusPayloadType, sequenceNumber, timestamp, ssrc);
        writer.TryAddExtension(ProducerParameters.MidId, mid);
        Span<byte> payload = stackalloc byte[OpusPayloadBytes];
        payload.Clear();
        BinaryPrimitives.WriteInt64BigEndian(payload[^SendTimeLength..], sendTimeUs);
        if (writer.TryFinish(payload, 0, out int length))
        {
            send(buffer, length);
        }
    }

    /// <summary>The send time a synthetic payload ends with, or -1.</summary>
    public static long SendTimeOf(ReadOnlySpan<byte> payload) =>
        payload.Length >= SendTimeLength ? BinaryPrimitives.ReadInt64BigEndian(payload[^SendTimeLength..]) : -1;

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}

/// <summary>Hands a finished packet (buffer[..length]) to a transport; the buffer has room for the SRTP tag.</summary>
public delegate void SendPacket(Span<byte> buffer, int length);
