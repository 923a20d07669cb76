using Sfu.Load.Media;
using Sfu.Load.Participants;
using Sfu.Transport.Feedback;
using Sfu.Transport.Rtcp;

namespace Sfu.Load.Run;

/// <summary>
/// What one publishing participant sends (on the participants' loop thread): opus at 50 packets/s and VP8 at
/// 30 frames/s — three simulcast layers of about 150, 500 and 850 kbit/s, or one of 850 kbit/s — with a key frame
/// every 3 s and whenever the server asks for one (PLI/FIR on the upload transport). Like a browser, it sends a
/// Sender Report for each stream once a second (RFC 3550 §6.4.1): the server needs them to put simulcast layers on
/// one clock before it switches a receiver between them (§7.5).
/// </summary>
public sealed class SyntheticPublisher
{
    public const int FramesPerSecond = 30;

    /// <summary>Each publisher sends a microphone and a camera: a subscriber receives two streams from it.</summary>
    public const int StreamsPerPublisher = 2;
    private const int KeyFrameEveryFrames = 3 * FramesPerSecond;
    private const int MaxLatenessMs = 100;
    private static readonly long[] SimulcastBitrates = [150_000, 500_000, 850_000];
    private static readonly long[] SingleBitrate = [850_000];
    private static readonly byte[] AudioMid = SyntheticFrames.Ascii("0");
    private static readonly byte[] VideoMid = SyntheticFrames.Ascii("1");

    private readonly Participant _participant;
    private readonly long[] _bitrates;
    private readonly uint[] _videoSsrcs;
    private readonly byte[][] _rids;
    private readonly ushort[] _videoSequence;
    private readonly bool[] _keyFrameWanted;
    private readonly uint _audioSsrc;
    private ushort _audioSequence;
    private long _nextAudioMs = long.MinValue;
    private long _nextFrameMs = long.MinValue;
    private int _frame;
    private readonly long[] _videoPayloadBytes;
    private readonly uint[] _videoPackets;
    private long _audioPayloadBytes;
    private uint _audioPackets;

    public SyntheticPublisher(Participant participant, bool simulcast, int index)
    {
        _participant = participant;
        _bitrates = simulcast ? SimulcastBitrates : SingleBitrate;
        _audioSsrc = (uint)(0x1000_0000 + index * 16);
        _videoSsrcs = [.. Enumerable.Range(1, _bitrates.Length).Select(layer => (uint)(_audioSsrc + layer))];
        _rids = simulcast ? [.. Enumerable.Range(0, 3).Select(layer => SyntheticFrames.Ascii($"r{layer}"))] : [];
        _videoSequence = new ushort[_bitrates.Length];
        _keyFrameWanted = new bool[_bitrates.Length];
        _videoPayloadBytes = new long[_bitrates.Length];
        _videoPackets = new uint[_bitrates.Length];
    }

    public long PacketsSent { get; private set; }

    /// <summary>Frames not sent because the sending loop ran more than <see cref="MaxLatenessMs"/> late.</summary>
    public long FramesSkipped { get; private set; }

    public long BytesSent { get; private set; }

    public async Task ProduceAsync(string cname)
    {
        await _participant.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", _audioSsrc, cname)).ConfigureAwait(false);
        var video = _rids.Length > 0
            ? ProducerParameters.Vp8Simulcast("1", 850_000)
            : ProducerParameters.Vp8("1", _videoSsrcs[0], _videoSsrcs[0] + 100, cname);
        await _participant.ProduceAsync("camera", "video", video).ConfigureAwait(false);
    }

    /// <summary>The server asked for a key frame of this SSRC.</summary>
    public void OnKeyFrameRequest(uint mediaSsrc)
    {
        int layer = Array.IndexOf(_videoSsrcs, mediaSsrc);
        if (layer >= 0)
        {
            _keyFrameWanted[layer] = true;
        }
    }

    /// <summary>Sends whatever is due at <paramref name="nowMs"/> (loop thread).</summary>
    public void Tick(long nowMs, Span<byte> buffer)
    {
        SendPacket send = Send;
        if (_nextAudioMs == long.MinValue)
        {
            _nextAudioMs = nowMs;
            _nextFrameMs = nowMs;
        }

        // A loop running late (the machine is saturated) skips what it missed instead of bursting it out: a real
        // sender drops frames too, and catching up would only make the next tick later still.
        if (nowMs - _nextFrameMs > MaxLatenessMs)
        {
            long missed = (nowMs - _nextFrameMs) / (1000 / FramesPerSecond);
            FramesSkipped += missed;
            _frame += (int)missed;
            _nextFrameMs += missed * (1000 / FramesPerSecond);
            _audioSequence += (ushort)((nowMs - _nextAudioMs) / 20);
            _nextAudioMs = nowMs;
        }

        while (nowMs >= _nextAudioMs)
        {
            SyntheticFrames.Opus(buffer, _audioSequence++, (uint)(_audioSequence * 960), _audioSsrc, AudioMid, nowMs * 1000, send);
            _audioPackets++;
            _audioPayloadBytes += SyntheticFrames.OpusPayloadBytes;
            _nextAudioMs += 20;
            if (_audioSequence % 50 == 0)
            {
                SendSenderReport(buffer, _audioSsrc, (uint)(_audioSequence * 960), _audioPackets, _audioPayloadBytes);
            }
        }

        while (nowMs >= _nextFrameMs)
        {
            uint timestamp = (uint)(_frame * (90_000 / FramesPerSecond));
            bool periodicKey = _frame % KeyFrameEveryFrames == 0;
            for (int layer = 0; layer < _bitrates.Length; layer++)
            {
                bool key = periodicKey || _keyFrameWanted[layer];
                _keyFrameWanted[layer] = false;
                int bytes = (int)(_bitrates[layer] / 8 / FramesPerSecond) * (key ? 3 : 1);
                ushort first = _videoSequence[layer];
                _videoSequence[layer] = SyntheticFrames.Vp8Frame(buffer, _videoSequence[layer], timestamp, _videoSsrcs[layer], VideoMid,
                    _rids.Length > 0 ? _rids[layer] : null, key, _frame, bytes, nowMs * 1000, send);
                _videoPackets[layer] += (ushort)(_videoSequence[layer] - first);
                _videoPayloadBytes[layer] += bytes;
                if (_frame % FramesPerSecond == 0)
                {
                    SendSenderReport(buffer, _videoSsrcs[layer], timestamp, _videoPackets[layer], _videoPayloadBytes[layer]);
                }
            }

            _frame++;
            _nextFrameMs += 1000 / FramesPerSecond;
        }
    }

    /// <summary>A Sender Report tying <paramref name="rtpTimestamp"/>, just sent, to the wall clock now.</summary>
    private void SendSenderReport(Span<byte> buffer, uint ssrc, uint rtpTimestamp, uint packets, long payloadBytes)
    {
        ulong ntp = NtpTime.FromUnixMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var info = new RtcpSenderInfo(ntp, rtpTimestamp, packets, (uint)payloadBytes);
        if (RtcpSenderReport.TryWrite(buffer[..(buffer.Length - 64)], ssrc, info, [], out int length))
        {
            _participant.SendUploadRtcp(buffer, length);
        }
    }

    private void Send(Span<byte> buffer, int length)
    {
        if (_participant.SendRtp(buffer, length))
        {
            PacketsSent++;
            BytesSent += length;
        }
    }
}
