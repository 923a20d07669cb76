using System.Text;
using Sfu.Transport.Codecs;
using Sfu.Transport.Feedback;
using Sfu.Transport.Net;
using Sfu.Transport.Ortc;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Rtp;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Media;

/// <summary>
/// The media side of one WebRTC transport of a session (PROTOCOL.md §7): it receives the decrypted packets of its
/// <see cref="WebRtcServerTransport"/>, maps RTP to producer streams (SSRC, then MID, then RID — R83), fans it out to
/// consumers, answers the browser's RTCP (NACK → RTX, PLI/FIR → key-frame request, transport-cc → bandwidth estimate)
/// and sends its own (RR, transport-cc feedback, REMB, SR) on a 100 ms tick. Owned by the worker thread.
/// </summary>
public sealed partial class MediaTransport : IWebRtcTransportHandler, IWorkerTimer
{
    /// <summary>Bytes left free after a rewritten packet for the SRTP tag (and MKI-free auth of any profile).</summary>
    public const int SrtpHeadroom = 32;

    private const int TickMs = 100;

    private readonly List<Producer> _producers = [];
    private readonly Dictionary<uint, ProducerStream> _streamsBySsrc = [];
    private readonly Dictionary<uint, ProducerStream> _streamsByRtxSsrc = [];
    private readonly Dictionary<uint, Consumer> _consumersBySsrc = [];
    private readonly List<Consumer> _consumers = [];
    private readonly TransportCcReceiver _transportCc = new();
    private readonly MaxBitrateRembSender _remb;
    private readonly SendSideBandwidthEstimator _estimator;
    private readonly BandwidthProber _prober;
    private readonly RttEstimator _rtt = new();
    private readonly uint _rtcpSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly long[] _layerBitrates = new long[8];
    private WorkerTimerHandle _tick;
    private long _lastReceiverReportMs;
    private long _lastLayerSelectionMs;
    private ushort _transportSequenceNumber = (ushort)Random.Shared.Next(0, 0x10000);
    private int _nextMid;
    private byte _firSequenceNumber;

    public MediaTransport(MediaRouter router, WebRtcTransportOptions options)
    {
        Router = router;
        Transport = new WebRtcServerTransport(router.Loop, options, this);
        _remb = new MaxBitrateRembSender((ulong)Math.Max(1, router.Options.MaxIncomingBitrate));
        _estimator = new SendSideBandwidthEstimator(new BandwidthEstimatorSettings(
            StartBitrate: Math.Min(600_000, router.Options.MaxOutgoingBitrate), MaxBitrate: router.Options.MaxOutgoingBitrate));
        MaxOutgoingBitrate = router.Options.MaxOutgoingBitrate;
        _prober = new BandwidthProber(this, _estimator);
        _tick = router.Loop.ScheduleTimer(router.Loop.NowMs + TickMs, this);
    }

    public MediaRouter Router { get; }

    public WebRtcServerTransport Transport { get; }

    public string Id => Transport.Id;

    /// <summary>The CNAME this transport's producers share (mediasoup's per-transport CNAME, §6.5).</summary>
    public TransportCname Cname { get; } = new();

    public IReadOnlyList<Producer> Producers => _producers;

    public IReadOnlyList<Consumer> Consumers => _consumers;

    public int RttMs => _rtt.RttMs;

    /// <summary>The one receive track fed by the conversation's dominant speaker (Beep mode), if any.</summary>
    public SpeakerConsumer? SpeakerConsumer { get; internal set; }

    /// <summary>The conversation this transport's microphone speaks in and its track listens to (Beep mode), if any.</summary>
    public ConversationMember? ConversationMember { get; internal set; }

    /// <summary>
    /// This transport's cap on what it sends, bit/s: MAX_BITRATE_OUT unless lowered for this transport (mediasoup's
    /// setMaxOutgoingBitrate, §7.6). Changing it takes effect at the next layer selection.
    /// </summary>
    public long MaxOutgoingBitrate { get; private set; }

    /// <summary>The download bandwidth estimate, capped at <see cref="MaxOutgoingBitrate"/> (R96).</summary>
    public long AvailableBitrate => Math.Min(_estimator.AvailableBitrate, MaxOutgoingBitrate);

    /// <summary>The next consumer mid: "0", "1", … per transport (§6.5).</summary>
    public string NextMid() => (_nextMid++).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public ushort NextTransportSequenceNumber() => _transportSequenceNumber++;

    /// <summary>The transport-wide sequence number the next packet will get.</summary>
    internal ushort PeekTransportSequenceNumber() => _transportSequenceNumber;

    /// <summary>
    /// Caps this transport's download at <paramref name="bitsPerSecond"/>, never above MAX_BITRATE_OUT (R96), and lets
    /// its consumers choose their layers again at the next tick. Returns the cap now in force.
    /// </summary>
    internal long LimitOutgoingBitrate(long bitsPerSecond)
    {
        MaxOutgoingBitrate = Math.Min(bitsPerSecond, Router.Options.MaxOutgoingBitrate);
        _lastLayerSelectionMs = long.MinValue / 2;
        return MaxOutgoingBitrate;
    }

    internal void OnTransportWidePacketSent(ushort sequenceNumber, int length, long nowMs)
    {
        _estimator.OnPacketSent(sequenceNumber, length, nowMs * 1000);
        _prober.OnPacketStamped(length);
    }

    internal void Add(Producer producer)
    {
        _producers.Add(producer);
        foreach (ProducerStream stream in producer.Streams)
        {
            if (stream.Ssrc is uint ssrc)
            {
                _streamsBySsrc[ssrc] = stream;
            }

            if (stream.RtxSsrc is uint rtxSsrc)
            {
                _streamsByRtxSsrc[rtxSsrc] = stream;
            }
        }
    }

    internal void Remove(Producer producer)
    {
        _producers.Remove(producer);
        foreach (ProducerStream stream in producer.Streams)
        {
            // Its chunks go back to the worker's pool for the next stream's ring (its consumers are closed next).
            stream.History?.Release();
            if (stream.Ssrc is uint ssrc && _streamsBySsrc.TryGetValue(ssrc, out ProducerStream? known) && known == stream)
            {
                _streamsBySsrc.Remove(ssrc);
            }

            if (stream.RtxSsrc is uint rtxSsrc)
            {
                _streamsByRtxSsrc.Remove(rtxSsrc);
            }
        }
    }

    internal void Add(Consumer consumer)
    {
        _consumers.Add(consumer);
        _consumersBySsrc[consumer.Ssrc] = consumer;
    }

    internal void Remove(Consumer consumer)
    {
        _consumers.Remove(consumer);
        _consumersBySsrc.Remove(consumer.Ssrc);
    }

    internal void Close()
    {
        Router.Loop.CancelTimer(_tick);
        _prober.Stop();
        Transport.Close();
    }

    void IWebRtcTransportHandler.OnStateChanged(WebRtcTransport transport, WebRtcTransportState previous, WebRtcTransportState current) =>
        Router.Observer.OnTransportStateChanged(Id, current, ReasonOf(current));

    // The packet and timer handlers are the router's boundary: what escapes them leaves the router's state half-way
    // through an update, so the router fails as a whole (its channel's sessions reconnect to a fresh one) rather than
    // go on with state it cannot trust. A try block costs nothing on the path while nothing throws.
    void IWebRtcTransportHandler.OnRtp(WebRtcTransport transport, Span<byte> packet)
    {
        if (Router.HasFailed)
        {
            return;
        }

        try
        {
            ReceiveRtp(packet);
        }
        catch (Exception error) when (!MediaWorkerLoop.IsFatal(error))
        {
            Router.Fail(error);
        }
    }

    void IWebRtcTransportHandler.OnRtcp(WebRtcTransport transport, Span<byte> packet)
    {
        if (Router.HasFailed)
        {
            return;
        }

        try
        {
            long nowMs = Router.Loop.NowMs;
            var reader = new RtcpCompoundReader(packet);
            while (reader.TryReadNext(out RtcpPacket rtcp))
            {
                HandleRtcp(rtcp, nowMs);
            }
        }
        catch (Exception error) when (!MediaWorkerLoop.IsFatal(error))
        {
            Router.Fail(error);
        }
    }

    void IWorkerTimer.OnTimer(long nowMs)
    {
        if (Router.HasFailed)
        {
            _tick = default;
            return;
        }

        _tick = Router.Loop.ScheduleTimer(nowMs + TickMs, this);
        try
        {
            Tick(nowMs);
        }
        catch (Exception error) when (!MediaWorkerLoop.IsFatal(error))
        {
            Router.Fail(error);
        }
    }

    private void ReceiveRtp(Span<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out RtpPacket rtp))
        {
            return;
        }

        long nowMs = Router.Loop.NowMs;
        bool retransmission = false;
        ProducerStream? stream = FindStream(ref rtp, out bool isRtx);
        if (stream is null)
        {
            return;
        }

        if (isRtx)
        {
            // R84: restore the original packet in place; padding-only probes carry nothing to forward.
            if (stream.Ssrc is not uint mediaSsrc
                || RtxDecapsulator.TryDecapsulate(packet, packet.Length, stream.Producer.MediaPayloadType, mediaSsrc, out int restored)
                    != RtxDecapsulation.Restored
                || !RtpPacket.TryParse(packet, restored, out rtp))
            {
                return;
            }

            retransmission = true;
        }

        Receive(ref rtp, stream, retransmission, nowMs);
    }

    private void Tick(long nowMs)
    {
        if (Transport.State != WebRtcTransportState.Connected)
        {
            return;
        }

        SendUploadFeedback(nowMs);
        SendSenderReports(nowMs);
        ReleaseIdleHistories(nowMs);
        if (nowMs - _lastLayerSelectionMs >= Router.Options.LayerSelectionIntervalMs)
        {
            _lastLayerSelectionMs = nowMs;
            SelectLayers(nowMs);
        }
    }

    /// <summary>
    /// A layer's packet copies are kept only while a consumer receives it; once receivers moved to another layer,
    /// what its buffer grew to goes back (<see cref="RetransmissionBuffer.ReleaseIfIdle"/>).
    /// </summary>
    private void ReleaseIdleHistories(long nowMs)
    {
        foreach (Producer producer in _producers)
        {
            foreach (ProducerStream stream in producer.Streams)
            {
                stream.History?.ReleaseIfIdle(nowMs);
            }
        }
    }

    private void Receive(ref RtpPacket rtp, ProducerStream stream, bool retransmission, long nowMs)
    {
        // The first packet of a burst finds its stream's state cold, and the fan-out's a level further down: each
        // level is asked for as a whole as soon as its addresses are known (CachePrefetch), so that its loads
        // overlap each other and the work between, instead of stalling one after another.
        PrefetchReceiveState(stream);
        Producer producer = stream.Producer;
        stream.Statistics.OnPacket(rtp.SequenceNumber, rtp.Timestamp, rtp.Length, nowMs, retransmission);
        stream.Rate.Update(rtp.Length, nowMs);
        List<Consumer> consumers = producer.ConsumerList;
        CachePrefetch.Object(consumers);
        if (stream.PacketCount++ == 0)
        {
            stream.FirstPacketMs = nowMs;
        }

        stream.LastPacketMs = nowMs;
        _remb.OnPacket();
        CachePrefetch.Items(consumers);
        if (producer.TransportWideCcId != 0 && rtp.TryGetExtension(producer.TransportWideCcId, out Span<byte> wide) && wide.Length == 2)
        {
            _transportCc.MediaSsrc = rtp.Ssrc;
            _transportCc.OnPacket((ushort)((wide[0] << 8) | wide[1]), nowMs * 1000);
        }

        bool keyFrame = producer.Kind == MediaKind.Video
            && CodecPayloads.TryReadFrameInfo(producer.Codec, rtp.Payload, out CodecFrameInfo frame) && frame.IsKeyFrame;
        if (keyFrame)
        {
            stream.KeyFrames.OnKeyFrame();
        }

        PrefetchFirstConsumers(consumers);
        if (stream.Nacks is { } nacks)
        {
            OnNackResult(stream, nacks.OnPacket(rtp.SequenceNumber, keyFrame, retransmission, nowMs), nowMs);
        }

        if (producer.Paused)
        {
            return;
        }

        Span<byte> scratch = Router.RtpScratch;
        bool logged = false;
        for (int i = 0; i < consumers.Count; i++) // Count read on every turn: never index past a list that shrank meanwhile
        {
            PrefetchAhead(consumers, i);
            logged |= consumers[i].Forward(ref rtp, stream, scratch, nowMs);
        }

        // Kept once for every consumer that may be asked for it; a simulcast layer nobody receives keeps nothing.
        if (logged)
        {
            stream.History?.Store(rtp.Bytes, nowMs);
        }

        if (producer.Kind == MediaKind.Audio && ConversationMember is { } member)
        {
            member.Conversation.OnSpeakerPacket(member, ref rtp, producer, producer.AudioLevelId, scratch, nowMs);
        }
    }

    private void PrefetchReceiveState(ProducerStream stream)
    {
        CachePrefetch.Object(stream.Producer, 2);
        CachePrefetch.Object(stream.Statistics, 2);
        CachePrefetch.Object(stream.Rate);
        CachePrefetch.Object(stream.Nacks, 2);
        CachePrefetch.Object(stream.KeyFrames);
        CachePrefetch.Object(stream.History, 2);
        CachePrefetch.Object(_remb);
        CachePrefetch.Object(_transportCc, 2);
    }

    /// <summary>The first stage of <see cref="PrefetchAhead"/> for the first three consumers, before the fan-out begins.</summary>
    private static void PrefetchFirstConsumers(List<Consumer> consumers)
    {
        for (int j = 0; j < 3 && j < consumers.Count; j++)
        {
            CachePrefetch.Object(consumers[j], Consumer.HotLines);
        }
    }

    /// <summary>
    /// Three stages ahead of consumer <paramref name="i"/> of the fan-out (CachePrefetch): the consumer three later,
    /// what the one two later points to (its fields arrived a step ago), and the details of the next one. The first
    /// consumers of a packet get the two later stages at once (<see cref="PrefetchFirstConsumers"/> did the first).
    /// </summary>
    private static void PrefetchAhead(List<Consumer> consumers, int i)
    {
        int count = consumers.Count;
        if (i == 0)
        {
            for (int j = 0; j < 2 && j < count; j++)
            {
                consumers[j].PrefetchForwardingState();
            }

            consumers[0].PrefetchForwardingDetails();
        }

        if (i + 3 < count)
        {
            CachePrefetch.Object(consumers[i + 3], Consumer.HotLines);
        }

        if (i + 2 < count)
        {
            consumers[i + 2].PrefetchForwardingState();
        }

        if (i + 1 < count)
        {
            consumers[i + 1].PrefetchForwardingDetails();
        }
    }

    private ProducerStream? FindStream(ref RtpPacket rtp, out bool isRtx)
    {
        isRtx = false;
        uint ssrc = rtp.Ssrc;
        if (_streamsBySsrc.TryGetValue(ssrc, out ProducerStream? known))
        {
            return known;
        }

        if (_streamsByRtxSsrc.TryGetValue(ssrc, out known))
        {
            isRtx = true;
            return known;
        }

        // An SSRC not announced: learn it from the MID and RID (or repaired RID) extensions (R83).
        foreach (Producer producer in _producers)
        {
            if (producer.MidId == 0 || !rtp.TryGetExtension(producer.MidId, out Span<byte> mid) || !Matches(mid, producer.Parameters.Mid))
            {
                continue;
            }

            bool rtx = producer.RtxPayloadType is byte rtxPt && rtp.PayloadType == rtxPt;
            ProducerStream? stream = null;
            if (producer.Streams.Length == 1)
            {
                stream = producer.Streams[0];
            }
            else
            {
                byte ridId = rtx && producer.RepairedRidId != 0 ? producer.RepairedRidId : producer.RidId;
                if (ridId != 0 && rtp.TryGetExtension(ridId, out Span<byte> rid))
                {
                    foreach (ProducerStream candidate in producer.Streams)
                    {
                        if (Matches(rid, candidate.Rid))
                        {
                            stream = candidate;
                            break;
                        }
                    }
                }
            }

            if (stream is null)
            {
                return null;
            }

            if (rtx)
            {
                stream.RtxSsrc = ssrc;
                _streamsByRtxSsrc[ssrc] = stream;
                isRtx = true;
            }
            else
            {
                stream.Ssrc = ssrc;
                stream.Statistics = new ReceiveStreamStatistics(ssrc, producer.ClockRate);
                _streamsBySsrc[ssrc] = stream;
            }

            return stream;
        }

        return null;
    }

    /// <summary>Why the transport left the connected path, in words for logs (state changes are rare: this may allocate).</summary>
    private string? ReasonOf(WebRtcTransportState state) => state switch
    {
        WebRtcTransportState.Failed when Transport.DtlsResult is { Succeeded: false } dtls =>
            $"DTLS failed ({dtls.Failure}{(dtls.Detail is null ? string.Empty : ": " + dtls.Detail)})",
        WebRtcTransportState.Failed => "ICE or DTLS failed",
        WebRtcTransportState.Disconnected => "ICE consent expired (RFC 7675)",
        WebRtcTransportState.Closed => "closed",
        _ => null,
    };

    private static bool Matches(ReadOnlySpan<byte> value, string? expected)
    {
        if (expected is null || value.Length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }
}
