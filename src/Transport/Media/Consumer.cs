using System.Text;
using Sfu.Transport.Feedback;
using Sfu.Transport.Forwarding;
using Sfu.Transport.Ortc;
using Sfu.Transport.Rtp;
using Sfu.Transport.Srtp;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Media;

/// <summary>
/// One producer as one receiver gets it (PROTOCOL.md §7.3–§7.5): its own SSRC, payload type and mid; a simple or a
/// simulcast forwarder that keeps sequence numbers, timestamps and VP8 picture numbering continuous; the rewritten
/// copies kept for retransmission (RTX, R94) and counted for Sender Reports (R93). Starts paused; owned by its
/// download transport's worker thread.
/// </summary>
public sealed class Consumer
{
    private readonly ConsumerOutput _output;
    private readonly SimpleForwarder? _simple;
    private readonly SimulcastForwarder? _simulcast;
    private readonly RtxEncapsulator? _rtx;
    private readonly SenderReportClock[] _layerClocks;
    private readonly byte[] _cname;
    private readonly WebRtcServerTransport _sender;
    private SrtpSendStream? _srtpStream;
    private bool _paused = true;

    public Consumer(string id, Producer producer, MediaTransport transport, RtpParameters parameters)
    {
        Id = id;
        Producer = producer;
        Transport = transport;
        _sender = transport.Transport;
        Parameters = parameters;
        RtpCodecParameters media = parameters.Codecs.First(c => !c.IsRtx());
        RtpEncodingParameters encoding = parameters.Encodings[0];
        Ssrc = encoding.Ssrc ?? throw new MediaRouterException("consumer parameters without an ssrc");
        _cname = Encoding.UTF8.GetBytes(parameters.Rtcp.Cname ?? string.Empty);
        _output = new ConsumerOutput(Ssrc, Encoding.ASCII.GetBytes(parameters.Mid ?? string.Empty),
            HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.Mid),
            HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.AbsSendTime),
            HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.TransportWideCc));
        _output.MapPayloadType(producer.MediaPayloadType, (byte)media.PayloadType);
        MapExtensions(producer.Parameters, parameters);
        ushort firstSequenceNumber = (ushort)Random.Shared.Next(0, 0x8000);
        if (producer.IsSimulcast)
        {
            _simulcast = new SimulcastForwarder(producer.Codec, producer.Streams.Length, producer.ClockRate, _output, firstSequenceNumber);
            _simulcast.SetTargetLayers(0, 2);
        }
        else
        {
            _simple = new SimpleForwarder(producer.Codec, producer.Kind == MediaKind.Video, _output, firstSequenceNumber);
        }

        _layerClocks = new SenderReportClock[producer.Streams.Length];
        RtpCodecParameters? rtxCodec = parameters.Codecs.FirstOrDefault(c => c.IsRtx());
        if (encoding.Rtx is { } rtx && rtxCodec is not null)
        {
            _rtx = new RtxEncapsulator(rtx.Ssrc, (byte)rtxCodec.PayloadType, (ushort)Random.Shared.Next(0, 0x8000));
        }

        SentPackets = new SentPacketLog(producer.Kind == MediaKind.Video ? RetransmissionBufferSettings.Video : RetransmissionBufferSettings.Audio);
        if (_rtx is not null)
        {
            foreach (ProducerStream stream in producer.Streams)
            {
                stream.KeepHistory(transport.Router.Loop.Chunks);
            }
        }

        SenderReports = new SenderReportGenerator(Ssrc, media.ClockRate);
        Layers = new LayerSelector();
    }

    public string Id { get; }

    public Producer Producer { get; }

    public MediaTransport Transport { get; }

    public RtpParameters Parameters { get; }

    public uint Ssrc { get; }

    public uint? RtxSsrc => _rtx?.Ssrc;

    /// <summary>What this stream sent, to rebuild NACKed packets from the producer stream's history (R94).</summary>
    public SentPacketLog SentPackets { get; }

    public SenderReportGenerator SenderReports { get; }

    public LayerSelector Layers { get; }

    public bool IsSimulcast => _simulcast is not null;

    public bool IsVideo => Producer.Kind == MediaKind.Video;

    /// <summary>Paused by its client or its session (CONSUMPTION_CHANGE, or a paused producer's sync).</summary>
    public bool Paused => _paused;

    public int CurrentSpatialLayer => _simulcast?.CurrentSpatialLayer ?? 0;

    public int TargetSpatialLayer => _simulcast?.TargetSpatialLayer ?? 0;

    public long PacketsSent { get; private set; }

    /// <summary>Forwards when neither this consumer nor its producer is paused.</summary>
    public bool IsActive => !_paused && !Producer.Paused;

    public void SetPaused(bool paused, long nowMs)
    {
        bool wasActive = IsActive;
        _paused = paused;
        OnActivityMaybeChanged(wasActive, nowMs);
    }

    /// <summary>Called when the producer pauses or resumes.</summary>
    internal void OnProducerPauseChanged(bool wasActive, long nowMs) => OnActivityMaybeChanged(wasActive, nowMs);

    /// <summary>Cache lines <see cref="CachePrefetch"/> loads of a consumer ahead of its turn: its fields span up to three.</summary>
    internal const int HotLines = 3;

    /// <summary>
    /// Starts loading what <see cref="Forward"/> reads first, once this consumer's own fields are in cache (see
    /// <see cref="CachePrefetch"/>): its forwarder, output, logs and transports, and its SRTP state.
    /// </summary>
    internal void PrefetchForwardingState()
    {
        CachePrefetch.Object((object?)_simulcast ?? _simple, 2);
        CachePrefetch.Object(_output, 2);
        CachePrefetch.Object(SentPackets, 2);
        CachePrefetch.Object(SenderReports, 2);
        CachePrefetch.Object(Transport, 2);
        CachePrefetch.Object(_sender, 2);
        CachePrefetch.Object(_srtpStream, 2);
    }

    /// <summary>
    /// The stage after <see cref="PrefetchForwardingState"/>, once the objects it asked for are in cache: the slot of
    /// the sent-packet log the next packet takes, the SRTP context that encrypts it, and what its transport updates.
    /// </summary>
    internal void PrefetchForwardingDetails()
    {
        SentPackets.PrefetchNextSlot();
        CachePrefetch.Object(_srtpStream?.Owner, 2);
        _sender.PrefetchForSend();
    }

    /// <summary>
    /// The per-packet path: decide, rewrite into <paramref name="scratch"/> (which has room for the SRTP tag), log
    /// what was sent for retransmission, encrypt and send. No allocation. True when the packet was logged: the caller
    /// then keeps the incoming packet in the stream's history, which a NACK will rebuild it from.
    /// </summary>
    public bool Forward(ref RtpPacket packet, ProducerStream stream, Span<byte> scratch, long nowMs)
    {
        ForwardDecision decision;
        if (_simulcast is not null)
        {
            ProducerStream[] streams = Producer.Streams;
            for (int i = 0; i < streams.Length; i++)
            {
                _layerClocks[i] = streams[i].Clock;
            }

            decision = _simulcast.Decide(ref packet, stream.SpatialLayer, _layerClocks);
        }
        else
        {
            decision = _simple!.Decide(ref packet);
        }

        if (decision.KeyFrameNeeded)
        {
            Transport.Router.RequestKeyFrame(Producer, decision.KeyFrameLayer, nowMs);
        }

        if (!decision.ShouldForward)
        {
            return false;
        }

        uint absSendTime = AbsSendTime(Transport.Router.Loop.Time.GetUtcNow());
        ushort transportSequenceNumber = _output.TransportSequenceNumberId != 0 ? Transport.NextTransportSequenceNumber() : (ushort)0;
        if (!ConsumerRewriter.TryRewriteInto(packet, decision, _output, Producer.Codec, absSendTime, transportSequenceNumber,
                scratch[..^MediaTransport.SrtpHeadroom], out int length))
        {
            return false;
        }

        bool logged = _rtx is not null;
        if (logged)
        {
            SentPackets.Record(decision, stream.SpatialLayer, packet.SequenceNumber, nowMs);
        }

        SenderReports.OnPacketSent(decision.Timestamp, packet.PayloadLength, nowMs);
        if (_output.TransportSequenceNumberId != 0)
        {
            Transport.OnTransportWidePacketSent(transportSequenceNumber, length, nowMs);
        }

        if (_sender.TrySendRtp(scratch, length, ref _srtpStream))
        {
            PacketsSent++;
        }

        return logged;
    }

    /// <summary>
    /// The browser lost this packet (generic NACK): rebuild it from the producer stream's copy with the values it was
    /// first sent with, and resend it as RTX, at most once per RTT (R94). The RTX packet gets its own abs-send-time
    /// and transport-wide sequence number, so that bandwidth estimation counts it as the new packet it is.
    /// </summary>
    public void Retransmit(ushort sequenceNumber, Span<byte> scratch, long nowMs)
    {
        if (_rtx is not null
            && SentPackets.TryGetForResend(sequenceNumber, nowMs, Transport.RttMs, out SentPacket sent) == RetransmissionLookup.Resend)
        {
            SendAsRtx(sent, scratch, nowMs);
        }
    }

    /// <summary>
    /// Sends the newest packet again as RTX, as padding for a bandwidth probe (<see cref="BandwidthProber"/>): the
    /// receiver drops the duplicate but reports its arrival, and a whole media packet probes with fewer packets
    /// than padding-only ones. Returns the bytes sent, 0 when there is nothing to send (no RTX, nothing recent).
    /// </summary>
    public int SendProbe(Span<byte> scratch, long nowMs) =>
        _rtx is not null && IsActive && SentPackets.TryGetNewest(nowMs, out SentPacket newest) ? SendAsRtx(newest, scratch, nowMs) : 0;

    private int SendAsRtx(in SentPacket sent, Span<byte> scratch, long nowMs)
    {
        if (_rtx is null
            || (uint)sent.Layer >= (uint)Producer.Streams.Length
            || Producer.Streams[sent.Layer].History is not { } history
            || !history.TryCopy(sent.IncomingSequenceNumber, nowMs, Transport.Router.HistoryScratch, out int originalLength)
            || !RtpPacket.TryParse(Transport.Router.HistoryScratch[..originalLength], out RtpPacket packet))
        {
            return 0;
        }

        Span<byte> rebuilt = Transport.Router.RetransmissionScratch[..^MediaTransport.SrtpHeadroom];
        uint absSendTime = AbsSendTime(Transport.Router.Loop.Time.GetUtcNow());
        ushort transportSequenceNumber = _output.TransportSequenceNumberId != 0 ? Transport.NextTransportSequenceNumber() : (ushort)0;
        if (!ConsumerRewriter.TryRewriteInto(packet, sent.Decision, _output, Producer.Codec, absSendTime, transportSequenceNumber, rebuilt, out int length)
            || !_rtx.TryEncapsulate(rebuilt[..length], scratch[..^MediaTransport.SrtpHeadroom], out int rtxLength))
        {
            return 0;
        }

        if (_output.TransportSequenceNumberId != 0)
        {
            Transport.OnTransportWidePacketSent(transportSequenceNumber, rtxLength, nowMs);
        }

        return Transport.Transport.TrySendRtp(scratch, rtxLength) ? rtxLength : 0;
    }

    /// <summary>The browser asked for a key frame (PLI/FIR, R97): ask the sender of the layer being forwarded.</summary>
    public void OnKeyFrameRequested(long nowMs)
    {
        if (IsActive && IsVideo)
        {
            Transport.Router.RequestKeyFrame(Producer, _simulcast?.TargetSpatialLayer ?? 0, nowMs);
        }
    }

    /// <summary>Simulcast: target the best layer that fits <paramref name="availableBitrate"/> (R96).</summary>
    public void SelectLayers(long availableBitrate, long nowMs, Span<long> layerBitrates)
    {
        if (_simulcast is null)
        {
            return;
        }

        ProducerStream[] streams = Producer.Streams;
        for (int i = 0; i < streams.Length; i++)
        {
            if (streams[i].IsActive(nowMs) && !streams[i].HasSteadyRate(nowMs))
            {
                // A layer that just started has a partial rate window: its bitrate would look too low. Wait.
                return;
            }

            layerBitrates[i] = streams[i].IsActive(nowMs) ? Math.Max(1, streams[i].PlanningBitrate(nowMs)) : 0;
        }

        LayerChoice choice = Layers.Select(layerBitrates[..streams.Length], streams.Length, 1, availableBitrate,
            streams.Length - 1, 0);
        if (choice.SpatialLayer >= 0 && _simulcast.SetTargetLayers(choice.SpatialLayer, 2))
        {
            Transport.Router.RequestKeyFrame(Producer, choice.SpatialLayer, nowMs);
        }
    }

    /// <summary>
    /// The highest simulcast layer the producer sends now and its bitrate (planning rate, R96): what this consumer
    /// would take given room. -1 and 0 for a consumer without simulcast or a producer sending nothing.
    /// </summary>
    public int HighestLayer(long nowMs, out long bitrate)
    {
        bitrate = 0;
        if (_simulcast is null)
        {
            return -1;
        }

        ProducerStream[] streams = Producer.Streams;
        for (int i = streams.Length - 1; i >= 0; i--)
        {
            if (streams[i].IsActive(nowMs))
            {
                bitrate = streams[i].PlanningBitrate(nowMs);
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Whether this stream's Sender Report is due (R93): its interval has passed, or with <paramref name="early"/> half
    /// of it, so that a report can go out with others that are due (see MediaTransport.SendSenderReports).
    /// </summary>
    public bool IsSenderReportDue(long nowMs, bool early)
    {
        int interval = IsVideo ? SenderReportGenerator.VideoMaxIntervalMs : SenderReportGenerator.AudioMaxIntervalMs;
        return SenderReports.IsReportDue(nowMs, early ? interval / 2 : interval);
    }

    /// <summary>SR + SDES CNAME for this stream, once it has sent something; false also when it does not fit.</summary>
    public bool TryWriteSenderReport(Span<byte> destination, long nowMs, long wallClockUnixMs, out int length)
    {
        length = 0;
        return SenderReports.HasSentPackets && SenderReports.TryWriteReport(destination, nowMs, wallClockUnixMs, _cname, out length);
    }

    private void OnActivityMaybeChanged(bool wasActive, long nowMs)
    {
        bool active = IsActive;
        if (active == wasActive)
        {
            return;
        }

        if (!active)
        {
            _simple?.Pause();
            _simulcast?.Pause();
            SentPackets.Clear();
            return;
        }

        // R89: a video consumer that starts or resumes waits for a key frame, and asks for one.
        if (_simulcast is not null)
        {
            int layer = _simulcast.Resume();
            Transport.Router.RequestKeyFrame(Producer, layer, nowMs);
        }
        else if (_simple!.Resume())
        {
            Transport.Router.RequestKeyFrame(Producer, 0, nowMs);
        }
    }

    /// <summary>Extensions both sides negotiated (audio level, orientation…) keep their meaning under the consumer's id.</summary>
    private void MapExtensions(RtpParameters producer, RtpParameters consumer)
    {
        foreach (RtpHeaderExtensionParameters incoming in producer.HeaderExtensions)
        {
            if (HeaderExtensionUris.IsOwnedByForwarder(incoming.Uri) || incoming.Id is <= 0 or > 255)
            {
                continue;
            }

            byte outgoing = HeaderExtensionUris.IdOf(consumer, incoming.Uri);
            if (outgoing != 0)
            {
                _output.MapExtension((byte)incoming.Id, outgoing);
            }
        }
    }

    /// <summary>abs-send-time: 24-bit seconds in 6.18 fixed point (webrtc.org abs-send-time extension).</summary>
    private static uint AbsSendTime(DateTimeOffset now)
    {
        // Only the seconds modulo 64 matter: the field wraps every 64 s.
        long microseconds = now.ToUnixTimeMilliseconds() * 1000 % 64_000_000;
        return (uint)(((microseconds << 18) / 1_000_000) & 0xFFFFFF);
    }
}
