using Sfu.Transport.Codecs;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.Forwarding.Support;

/// <summary>
/// Builds synthetic VP8 RTP packets of one simulcast layer with <see cref="RtpPacketWriter"/>: one packet per
/// frame unless told otherwise, picture id and TL0PICIDX advancing like a real encoder's, 90 kHz timestamps at
/// 30 fps. Each layer has its own SSRC, sequence and timestamp bases, as browsers send them.
/// </summary>
internal sealed class Vp8StreamBuilder
{
    public const byte PayloadType = 96;
    public const uint TicksPerFrame = 3000;

    private readonly uint _ssrc;
    private int _pictureId;
    private int _tl0PicIdx;

    public Vp8StreamBuilder(uint ssrc, ushort firstSequenceNumber, uint firstTimestamp, int firstPictureId = 100, int firstTl0PicIdx = 10)
    {
        _ssrc = ssrc;
        SequenceNumber = firstSequenceNumber;
        Timestamp = firstTimestamp;
        _pictureId = firstPictureId;
        _tl0PicIdx = firstTl0PicIdx;
    }

    /// <summary>The sequence number the next packet gets.</summary>
    public ushort SequenceNumber { get; private set; }

    /// <summary>The timestamp of the next frame.</summary>
    public uint Timestamp { get; private set; }

    /// <summary>The picture id the next frame gets.</summary>
    public int PictureId => _pictureId;

    /// <summary>A whole frame in one packet (start and marker). TID 0 frames advance TL0PICIDX first.</summary>
    public byte[] Frame(bool keyFrame = false, int temporalLayer = 0, bool layerSync = false, int payloadBytes = 20) =>
        FramePackets(1, keyFrame, temporalLayer, layerSync, payloadBytes)[0];

    /// <summary>A frame split over <paramref name="packets"/> packets; only the last has the marker bit.</summary>
    public byte[][] FramePackets(int packets, bool keyFrame = false, int temporalLayer = 0, bool layerSync = false, int payloadBytes = 20)
    {
        if (temporalLayer == 0)
        {
            _tl0PicIdx = (_tl0PicIdx + 1) & 0xFF;
        }

        var result = new byte[packets][];
        for (int i = 0; i < packets; i++)
        {
            result[i] = Packet(startOfFrame: i == 0, marker: i == packets - 1, keyFrame, temporalLayer, layerSync, payloadBytes);
        }

        _pictureId = (_pictureId + 1) & 0x7FFF;
        Timestamp += TicksPerFrame;
        return result;
    }

    private byte[] Packet(bool startOfFrame, bool marker, bool keyFrame, int temporalLayer, bool layerSync, int payloadBytes)
    {
        Span<byte> payload = stackalloc byte[Vp8PayloadDescriptor.MaxLength + payloadBytes];
        Vp8PayloadDescriptorWriter.TryWrite(payload, startOfFrame, 0, nonReference: temporalLayer > 0, _pictureId, longPictureId: true,
            _tl0PicIdx, temporalLayer, layerSync || keyFrame, -1, out int descriptorLength);

        // VP8 payload header: P (bit 0) clear on a key frame, set otherwise; the rest is filler.
        payload[descriptorLength] = (byte)(keyFrame ? 0x10 : 0x11);
        payload[(descriptorLength + 1)..].Fill(0xAB);
        Span<byte> used = payload[..(descriptorLength + payloadBytes)];

        byte[] buffer = new byte[1500];
        var writer = new RtpPacketWriter(buffer, PayloadType, SequenceNumber, Timestamp, _ssrc, marker);
        writer.TryAddExtension(1, "v"u8);
        writer.TryFinish(used, 0, out int length);
        SequenceNumber++;
        return buffer.AsSpan(0, length).ToArray();
    }
}
