using System.Buffers.Binary;
using Sfu.Transport.Srtp;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Tests.Srtp;

/// <summary>RTP and RTCP packets and matched context pairs for the behaviour tests.</summary>
internal static class SrtpTestPackets
{
    public static readonly SrtpProfile[] AllProfiles =
    [
        SrtpProfile.Aes128CmHmacSha1_80,
        SrtpProfile.Aes128CmHmacSha1_32,
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
    ];

    /// <summary>Every profile on both crypto backends, as xunit theory rows.</summary>
    public static TheoryData<SrtpProfile, bool> ProfilesAndBackends()
    {
        var data = new TheoryData<SrtpProfile, bool>();
        foreach (SrtpProfile profile in AllProfiles)
        {
            data.Add(profile, false);
            data.Add(profile, true);
        }

        return data;
    }

    public static TheoryData<SrtpProfile> Profiles()
    {
        var data = new TheoryData<SrtpProfile>();
        foreach (SrtpProfile profile in AllProfiles)
        {
            data.Add(profile);
        }

        return data;
    }

    public static SrtpCryptoBackend Backend(bool portable) => portable ? SrtpCryptoBackend.Portable : SrtpCryptoBackend.Auto;

    public static byte[] MasterKey(SrtpProfile profile) =>
        Enumerable.Range(0x40, SrtpProfileInfo.MasterKeyLength(profile)).Select(i => (byte)i).ToArray();

    public static byte[] MasterSalt(SrtpProfile profile) =>
        Enumerable.Range(0xA0, SrtpProfileInfo.MasterSaltLength(profile)).Select(i => (byte)i).ToArray();

    /// <summary>An outbound and an inbound context sharing one master key, as the two ends of a stream.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(
        SrtpProfile profile, bool portable = false, int receiverMaxSsrcs = SrtpContext.DefaultMaxSsrcs, int senderMaxSsrcs = SrtpContext.DefaultMaxSsrcs)
    {
        byte[] key = MasterKey(profile);
        byte[] salt = MasterSalt(profile);
        return (
            SrtpContext.Create(profile, isOutbound: true, key, salt, senderMaxSsrcs, Backend(portable)),
            SrtpContext.Create(profile, isOutbound: false, key, salt, receiverMaxSsrcs, Backend(portable)));
    }

    /// <summary>
    /// An RTP packet (RFC 3550 §5.1): payload type 96, the given CSRCs, a one-byte-header extension of
    /// <paramref name="extensionWords"/> words when not zero, <paramref name="paddingLength"/> bytes of
    /// padding (P bit set, last byte the count) when not zero.
    /// </summary>
    public static byte[] Rtp(uint ssrc, ushort sequenceNumber, int payloadLength = 160, int csrcCount = 0, int extensionWords = 0, int paddingLength = 0)
    {
        int headerLength = 12 + 4 * csrcCount + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        byte[] packet = new byte[headerLength + payloadLength + paddingLength];
        packet[0] = (byte)(0x80 | (paddingLength > 0 ? 0x20 : 0) | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x1234_5678u + sequenceNumber * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        int offset = 12;
        for (int i = 0; i < csrcCount; i++, offset += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset), 0xC5C00000u + (uint)i);
        }

        if (extensionWords > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), (ushort)extensionWords);
            offset += 4;
            for (int i = 0; i < 4 * extensionWords; i++)
            {
                packet[offset++] = (byte)(0x10 + i);
            }
        }

        for (int i = 0; i < payloadLength; i++)
        {
            packet[offset++] = (byte)(sequenceNumber + i * 7);
        }

        if (paddingLength > 0)
        {
            packet[^1] = (byte)paddingLength;
        }

        return packet;
    }

    /// <summary>A receiver report (RFC 3550 §6.4.2) from <paramref name="ssrc"/> with one report block.</summary>
    public static byte[] Rtcp(uint ssrc, byte fill = 0x5A)
    {
        byte[] packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (int i = 8; i < packet.Length; i++)
        {
            packet[i] = (byte)(fill + i);
        }

        return packet;
    }

    /// <summary>Copies <paramref name="packet"/> into a buffer with room for any SRTP/SRTCP trailer.</summary>
    public static byte[] WithRoom(byte[] packet) => [.. packet, .. new byte[32]];

    public static byte[] Protect(SrtpContext sender, byte[] rtp)
    {
        byte[] buffer = WithRoom(rtp);
        sender.TryProtectRtp(buffer, rtp.Length, out int length).Should().BeTrue();
        return buffer[..length];
    }

    public static byte[] ProtectRtcp(SrtpContext sender, byte[] rtcp)
    {
        byte[] buffer = WithRoom(rtcp);
        sender.TryProtectRtcp(buffer, rtcp.Length, out int length).Should().BeTrue();
        return buffer[..length];
    }

    public static SrtpResult Unprotect(SrtpContext receiver, byte[] srtp, out byte[] plain)
    {
        byte[] buffer = (byte[])srtp.Clone();
        SrtpResult result = receiver.TryUnprotectRtp(buffer, buffer.Length, out int length);
        plain = buffer[..length];
        return result;
    }

    public static SrtpResult UnprotectRtcp(SrtpContext receiver, byte[] srtcp, out byte[] plain)
    {
        byte[] buffer = (byte[])srtcp.Clone();
        SrtpResult result = receiver.TryUnprotectRtcp(buffer, buffer.Length, out int length);
        plain = buffer[..length];
        return result;
    }
}
