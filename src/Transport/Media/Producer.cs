using Sfu.Transport.Codecs;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Media;

/// <summary>
/// A browser's outgoing track as the router receives it: its validated parameters and their mapping (§6.6.3), its
/// encodings (one, or three for simulcast), the header-extension ids it uses, and the consumers it feeds. Owned by
/// its upload transport's worker thread.
/// </summary>
public sealed class Producer
{
    private readonly List<Consumer> _consumers = [];

    public Producer(string id, MediaKind kind, MediaTransport transport, RtpParameters parameters, RtpParameters consumable)
    {
        Id = id;
        Kind = kind;
        Transport = transport;
        Parameters = parameters;
        Consumable = consumable;
        RtpCodecParameters media = parameters.Codecs.First(c => !c.IsRtx());
        MediaPayloadType = (byte)media.PayloadType;
        ClockRate = media.ClockRate;
        Codec = CodecOf(media.MimeType);
        RtpCodecParameters? rtx = parameters.Codecs.FirstOrDefault(c => c.IsRtx()
            && c.Parameters.Get("apt") == CodecParameterValue.FromNumber(media.PayloadType));
        RtxPayloadType = rtx is null ? null : (byte)rtx.PayloadType;
        MidId = HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.Mid);
        RidId = HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.Rid);
        RepairedRidId = HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.RepairedRid);
        TransportWideCcId = HeaderExtensionUris.IdOf(parameters, HeaderExtensionUris.TransportWideCc);
        AudioLevelId = HeaderExtensionUris.IdOf(parameters, Rtp.Extensions.RtpExtensionUris.AudioLevel);
        bool nack = media.RtcpFeedback.Any(f => f.Type == "nack" && f.Parameter.Length == 0);
        Streams = [.. parameters.Encodings.Select((e, layer) => new ProducerStream(this, layer, e.Ssrc, e.Rid, e.Rtx?.Ssrc, ClockRate, nack))];
        SupportsPli = media.RtcpFeedback.Any(f => f.Type == "nack" && f.Parameter == "pli");
    }

    public string Id { get; }

    public MediaKind Kind { get; }

    public MediaTransport Transport { get; }

    public RtpParameters Parameters { get; }

    /// <summary>What consumers are built from (§6.6.4), in the router's payload types and extension ids.</summary>
    public RtpParameters Consumable { get; }

    public PayloadCodec Codec { get; }

    public byte MediaPayloadType { get; }

    public byte? RtxPayloadType { get; }

    public int ClockRate { get; }

    public byte MidId { get; }

    public byte RidId { get; }

    /// <summary>The RFC 6464 audio level extension id, 0 when the sender does not put it on its packets.</summary>
    public byte AudioLevelId { get; }

    public byte RepairedRidId { get; }

    public byte TransportWideCcId { get; }

    /// <summary>PLI if negotiated ("nack pli"), FIR otherwise (R87).</summary>
    public bool SupportsPli { get; }

    public ProducerStream[] Streams { get; }

    public bool IsSimulcast => Streams.Length > 1;

    public bool Paused { get; set; }

    public IReadOnlyList<Consumer> Consumers => _consumers;

    /// <summary>The same list, for the per-packet loop (no interface call per consumer).</summary>
    internal List<Consumer> ConsumerList => _consumers;

    internal void Add(Consumer consumer) => _consumers.Add(consumer);

    internal void Remove(Consumer consumer) => _consumers.Remove(consumer);

    /// <summary>Bit/s of the first stream that is sending (§1.6), 0 when none is.</summary>
    public long GetBitrate(long nowMs)
    {
        foreach (ProducerStream stream in Streams)
        {
            long bitrate = stream.Rate.GetBitrate(nowMs);
            if (bitrate > 0)
            {
                return bitrate;
            }
        }

        return 0;
    }

    private static PayloadCodec CodecOf(string mimeType) => mimeType.ToUpperInvariant() switch
    {
        "VIDEO/VP8" => PayloadCodec.Vp8,
        "VIDEO/VP9" => PayloadCodec.Vp9,
        "VIDEO/H264" => PayloadCodec.H264,
        _ => PayloadCodec.Opaque,
    };
}
