using Sfu.Transport.Feedback;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;
using Sfu.Transport.WebRtc;

namespace Sfu.Load.Participants;

/// <summary>
/// What a browser's receiving side tells the server about the path (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3, PROTOCOL.md §7.6): the arrival time of every packet carrying a transport-wide sequence number, returned as
/// transport-cc feedback about every 100 ms on the download transport, from which the server's send-side estimate
/// moves off its 600 kbit/s start (R96). Loop thread only, except <see cref="UseExtensionId"/>.
/// </summary>
internal sealed class DownloadFeedback : IWorkerTimer
{
    /// <summary>Checks for due feedback four times per interval, so that none waits much past 100 ms.</summary>
    private const int TickMs = 25;

    private readonly MediaWorkerLoop _loop;
    private readonly WebRtcTransport _download;
    private readonly TransportCcReceiver _receiver = new();
    private readonly byte[] _buffer = new byte[1200];
    private readonly uint _senderSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly long _startTimestamp;
    private int _extensionId;
    private WorkerTimerHandle _timer;
    private bool _stopped;

    /// <summary>Starts ticking; call on the loop thread.</summary>
    public DownloadFeedback(MediaWorkerLoop loop, WebRtcTransport download)
    {
        _loop = loop;
        _download = download;
        _startTimestamp = loop.Time.GetTimestamp();
        _timer = loop.ScheduleTimer(loop.NowMs + TickMs, this);
    }

    /// <summary>The transport-wide sequence number's header-extension id, from a consumer's parameters (any thread).</summary>
    public void UseExtensionId(byte id) => Volatile.Write(ref _extensionId, id);

    /// <summary>Records the arrival of a decrypted download packet.</summary>
    public void OnRtp(Span<byte> packet)
    {
        byte id = (byte)Volatile.Read(ref _extensionId);
        if (id == 0 || !RtpPacket.TryParse(packet, out RtpPacket rtp)
            || !rtp.TryGetExtension(id, out Span<byte> value) || value.Length != 2)
        {
            return;
        }

        _receiver.MediaSsrc = rtp.Ssrc;
        _receiver.OnPacket((ushort)((value[0] << 8) | value[1]), NowUs());
    }

    public void Stop()
    {
        _stopped = true;
        _loop.CancelTimer(_timer);
    }

    void IWorkerTimer.OnTimer(long nowMs)
    {
        if (_stopped)
        {
            return;
        }

        _timer = _loop.ScheduleTimer(nowMs + TickMs, this);
        long nowUs = NowUs();
        if (!_receiver.IsFeedbackDue(nowUs))
        {
            return;
        }

        Span<byte> room = _buffer.AsSpan(0, _buffer.Length - _download.RtcpProtectionOverhead);
        while (_receiver.PendingCount > 0 && _receiver.TryWriteFeedback(room, _senderSsrc, nowUs, out int length))
        {
            _download.TrySendRtcp(_buffer, length);
        }
    }

    /// <summary>Arrival times with the loop clock's full resolution: the server's delay-based estimate reads their variation.</summary>
    private long NowUs() => _loop.Time.GetElapsedTime(_startTimestamp).Ticks / TimeSpan.TicksPerMicrosecond;
}
