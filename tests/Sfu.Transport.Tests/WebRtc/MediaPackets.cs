using System.Buffers.Binary;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>RTP and RTCP packets built with the project's writers, with payloads a receiver can verify.</summary>
internal static class MediaPackets
{
    public const int PayloadLength = 160;

    /// <summary>Room for the packet plus the largest SRTP/SRTCP trailer.</summary>
    public const int BufferLength = 1500;

    public static int WriteRtp(Span<byte> buffer, uint ssrc, ushort sequenceNumber)
    {
        Span<byte> payload = stackalloc byte[PayloadLength];
        FillPayload(payload, sequenceNumber);
        var writer = new RtpPacketWriter(buffer, payloadType: 111, sequenceNumber, timestamp: sequenceNumber * 960u, ssrc);
        if (!writer.TryFinish(payload, 0, out int length))
        {
            throw new InvalidOperationException("The RTP packet does not fit.");
        }

        return length;
    }

    /// <summary>A sender report for even <paramref name="index"/>, a receiver report for odd.</summary>
    public static int WriteRtcp(Span<byte> buffer, uint ssrc, int index)
    {
        bool written = index % 2 == 0
            ? RtcpSenderReport.TryWrite(buffer, ssrc, new RtcpSenderInfo(0xE000_0000_0000_0000UL + (ulong)index, (uint)index * 960, (uint)index, (uint)index * 160), [], out int length)
            : RtcpReceiverReport.TryWrite(buffer, ssrc, [], out length);
        if (!written)
        {
            throw new InvalidOperationException("The RTCP packet does not fit.");
        }

        return length;
    }

    public static bool HasExpectedRtpPayload(ReadOnlySpan<byte> packet)
    {
        if (packet.Length != 12 + PayloadLength)
        {
            return false;
        }

        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        Span<byte> expected = stackalloc byte[PayloadLength];
        FillPayload(expected, sequenceNumber);
        return packet[12..].SequenceEqual(expected);
    }

    private static void FillPayload(Span<byte> payload, ushort sequenceNumber)
    {
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(sequenceNumber + i * 7);
        }
    }
}
