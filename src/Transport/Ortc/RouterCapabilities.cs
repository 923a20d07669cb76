namespace Sfu.Transport.Ortc;

/// <summary>
/// The router's RTP capabilities for a codec configuration (PROTOCOL §5.11, §6.1, Appendix A) and their JSON, the
/// exact <c>capabilities</c> of INIT_TRANSPORTS. Deterministic: the same lists always give the same bytes (R66).
/// </summary>
public sealed class RouterCapabilities
{
    /// <summary>mediasoup's dynamic payload type pool, in allocation order: 100–127, then 96–99.</summary>
    private static readonly int[] DynamicPayloadTypes = [.. Enumerable.Range(100, 28), .. Enumerable.Range(96, 4)];

    private RouterCapabilities(RtpCapabilities capabilities)
    {
        Capabilities = capabilities;
        Json = OrtcJsonWriter.ToJson(capabilities);
    }

    public RtpCapabilities Capabilities { get; }

    /// <summary>Compact JSON, byte for byte what mediasoup's JSON.stringify gives.</summary>
    public string Json { get; }

    /// <summary>
    /// Builds the capabilities from AUDIO_CODECS / VIDEO_CODECS names, in list order (audio first). Names not in
    /// the table for their kind are ignored. A duplicated static payload type (e.g. PCMU twice) or an exhausted
    /// dynamic pool throws <see cref="OrtcException"/>, as mediasoup's router creation fails.
    /// </summary>
    public static RouterCapabilities Build(IReadOnlyList<string> audioCodecs, IReadOnlyList<string> videoCodecs)
    {
        ArgumentNullException.ThrowIfNull(audioCodecs);
        ArgumentNullException.ThrowIfNull(videoCodecs);
        var pool = new List<int>(DynamicPayloadTypes);
        var codecs = new List<RtpCodecCapability>();
        IEnumerable<RtpCodecCapability> configured =
            audioCodecs.Select(name => RouterCodecTable.Find(MediaKind.Audio, name))
                .Concat(videoCodecs.Select(name => RouterCodecTable.Find(MediaKind.Video, name)))
                .OfType<RtpCodecCapability>();
        foreach (RtpCodecCapability entry in configured)
        {
            RtpCodecCapability codec = entry;
            if (codec.PreferredPayloadType is int fixedType)
            {
                pool.Remove(fixedType);
            }
            else
            {
                codec = codec with { PreferredPayloadType = Take(pool) };
            }

            if (codecs.Any(c => c.PreferredPayloadType == codec.PreferredPayloadType))
            {
                throw new OrtcException("duplicated codec.preferredPayloadType " + codec.PreferredPayloadType);
            }

            codecs.Add(codec);
            if (codec.Kind == MediaKind.Video)
            {
                // RFC 4588 §8.6: each video codec gets its own RTX payload type pointing back with apt.
                codecs.Add(new RtpCodecCapability(
                    MediaKind.Video,
                    "video/rtx",
                    Take(pool),
                    codec.ClockRate,
                    Channels: null,
                    CodecParameters.Of(("apt", codec.PreferredPayloadType!.Value)),
                    []));
            }
        }

        return new RouterCapabilities(new RtpCapabilities(codecs, RouterHeaderExtensions.All));
    }

    private static int Take(List<int> pool)
    {
        if (pool.Count == 0)
        {
            throw new OrtcException("cannot allocate more dynamic codec payload types");
        }

        int payloadType = pool[0];
        pool.RemoveAt(0);
        return payloadType;
    }
}
