using Sfu.Load.Media;
using Sfu.Load.Participants;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// What the tests' publishers send, one call per frame on the participants' loop: frame n of a stream has sequence
/// number first + n and timestamp n × the ticks of one frame, and video has a key frame every
/// <see cref="KeyFrameInterval"/> frames, as an encoder answering the server's key-frame requests would.
/// </summary>
public static class MediaFrames
{
    /// <summary>20 ms of opus at 48 kHz.</summary>
    public const uint OpusTicksPerFrame = 960;

    /// <summary>One frame at 30 frames/s on the 90 kHz video clock.</summary>
    public const uint Vp8TicksPerFrame = 3000;

    public const int KeyFrameInterval = 10;

    public static void SendOpus(MediaCall call, Participant sender, int frame, uint ssrc, string mid, ushort firstSequenceNumber = 1000)
    {
        Span<byte> buffer = stackalloc byte[1500];
        int length = SyntheticPackets.Opus(buffer, (ushort)(firstSequenceNumber + frame), OpusTicksPerFrame * (uint)frame, ssrc, mid, call.Loop.NowMs * 1000);
        sender.SendRtp(buffer, length);
    }

    public static void SendVp8(MediaCall call, Participant sender, int frame, uint ssrc, string mid, ushort firstSequenceNumber = 5000, int payloadSize = 900)
    {
        Span<byte> buffer = stackalloc byte[1500];
        int length = SyntheticPackets.Vp8(buffer, (ushort)(firstSequenceNumber + frame), Vp8TicksPerFrame * (uint)frame, ssrc, mid, rid: null,
            keyFrame: frame % KeyFrameInterval == 0, pictureId: frame, tl0PicIdx: frame, temporalLayer: 0, call.Loop.NowMs * 1000, payloadSize);
        sender.SendRtp(buffer, length);
    }
}
