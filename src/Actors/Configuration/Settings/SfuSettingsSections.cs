namespace Sfu.Actors.Configuration;

// The sections of SfuSettings, one record per group of reference.conf. All values are checked by
// SfuSettings.Create; a record in hand is a valid configuration.

/// <param name="Key">AUTH_KEY: base64 text of the global HMAC key (decoded by the Auth code); null when unset.</param>
public sealed record AuthSettings(string? Key)
{
    /// <summary>Keeps the key out of logs that print the settings.</summary>
    public override string ToString() => $"AuthSettings {{ Key = {(Key is null ? "null" : "(set, not shown)")} }}";
}

/// <param name="Interface">HTTP_INTERFACE, default 0.0.0.0.</param>
/// <param name="Port">PORT, default 8070.</param>
/// <param name="Proxy">PROXY: trust x-forwarded-* headers; default off.</param>
/// <param name="PublicIp">PUBLIC_IP: default host of /v1/channel URLs; null when unset.</param>
/// <param name="Demo">sfu.http.demo: serve the demo page at /demo and let it mint tokens; on in development mode only.</param>
public sealed record HttpSettings(string Interface, int Port, bool Proxy, string? PublicIp, bool Demo = false);

/// <param name="Interface">RTC_INTERFACE, default 0.0.0.0.</param>
/// <param name="PublicIp">PUBLIC_IP: announced in ICE candidates; null when unset.</param>
/// <param name="MinPort">RTC_MIN_PORT, default 40000.</param>
/// <param name="MaxPort">RTC_MAX_PORT, default 49999, at least MinPort.</param>
/// <param name="NumWorkers">NUM_WORKERS: media workers, default and maximum Environment.ProcessorCount.</param>
public sealed record RtcSettings(string Interface, string? PublicIp, int MinPort, int MaxPort, int NumWorkers);

/// <param name="AudioCodecs">AUDIO_CODECS after dropping unknown names, in preference order (default opus, PCMU, PCMA).</param>
/// <param name="VideoCodecs">VIDEO_CODECS likewise (default VP8, VP9, H264, H264_1_2cb, H264_1_3ch).</param>
/// <param name="MaxBufIn">MAX_BUF_IN bytes, default 0 (no effect: no data channels).</param>
/// <param name="MaxBufOut">MAX_BUF_OUT bytes, default 0 (no effect).</param>
/// <param name="MaxBitrateIn">MAX_BITRATE_IN bps per session upload, default 8000000.</param>
/// <param name="MaxBitrateOut">MAX_BITRATE_OUT bps per session download, default 10000000.</param>
/// <param name="MaxVideoBitrate">MAX_VIDEO_BITRATE bps of the top simulcast layer, default 4000000.</param>
public sealed record MediaSettings(
    IReadOnlyList<string> AudioCodecs,
    IReadOnlyList<string> VideoCodecs,
    long MaxBufIn,
    long MaxBufOut,
    long MaxBitrateIn,
    long MaxBitrateOut,
    long MaxVideoBitrate)
{
    /// <summary>
    /// sfu.media.probe-bandwidth, default on: a download whose simulcast consumers are held below the layers their
    /// producers send probes the path for more bandwidth, so that they can move up.
    /// </summary>
    public bool ProbeBandwidth { get; init; } = true;

    /// <summary>sfu.beep.dominant-speaker: how conversations pick the speaker everyone hears.</summary>
    public Sfu.Transport.Forwarding.DominantSpeakerSettings DominantSpeaker { get; init; } = new();
}

/// <param name="MaxSessions">CHANNEL_SIZE, default 100.</param>
/// <param name="CloseTimeout">Close a channel left with at most one session after this, default 1 h.</param>
/// <param name="ConsumerRecoveryDelay">Retry a failed consumer after this, default 2 s.</param>
/// <param name="SessionErrorLimit">Close a session with more errors than this, default 6.</param>
/// <param name="SessionMaxRestarts">Stop a session restarted more often than this within the window, default 6.</param>
/// <param name="SessionRestartWindow">Window of SessionMaxRestarts, default 1 min.</param>
public sealed record ChannelSettings(
    int MaxSessions,
    TimeSpan CloseTimeout,
    TimeSpan ConsumerRecoveryDelay,
    int SessionErrorLimit,
    int SessionMaxRestarts,
    TimeSpan SessionRestartWindow);

/// <param name="AuthenticationTimeout">Time to send the authentication frame, default 10 s.</param>
/// <param name="ConnectionTimeout">Time to connect the transports, default 10 s.</param>
/// <param name="PingInterval">Bus ping interval, default 60 s.</param>
/// <param name="PingTimeout">Bus ping answer timeout, default 10 s.</param>
/// <param name="BatchDelay">Server bus batching delay, default 300 ms.</param>
/// <param name="RequestTimeout">Default bus request timeout, default 5 s.</param>
/// <param name="StatsTimeout">How long /v1/stats waits for a channel, default 2 s.</param>
public sealed record SignalingSettings(
    TimeSpan AuthenticationTimeout,
    TimeSpan ConnectionTimeout,
    TimeSpan PingInterval,
    TimeSpan PingTimeout,
    TimeSpan BatchDelay,
    TimeSpan RequestTimeout,
    TimeSpan StatsTimeout);

/// <param name="Level">LOG_LEVEL: none, error, warn, info, debug or verbose (lowercase); default error.</param>
/// <param name="Timestamp">LOG_TIMESTAMP, default true.</param>
/// <param name="Color">LOG_COLOR: true when set; null means colour when stdout is a terminal.</param>
/// <param name="WorkerLevel">WORKER_LOG_LEVEL: none, error, warn or debug; default none.</param>
public sealed record LoggingSettings(string Level, bool Timestamp, bool? Color, string WorkerLevel)
{
    public static IReadOnlyList<string> Levels { get; } = Array.AsReadOnly(["none", "error", "warn", "info", "debug", "verbose"]);

    public static IReadOnlyList<string> WorkerLevels { get; } = Array.AsReadOnly(["none", "error", "warn", "debug"]);
}

/// <param name="MaxHttpBodyBytes">Largest HTTP request body, default 64 KiB.</param>
/// <param name="MaxWebSocketFrameBytes">Largest incoming WebSocket message, default 1 MiB.</param>
/// <param name="MaxPendingFramesPerSocket">Outgoing frames queued before a socket is closed, default 1024.</param>
public sealed record LimitSettings(long MaxHttpBodyBytes, long MaxWebSocketFrameBytes, int MaxPendingFramesPerSocket);

/// <param name="ReleaseWhenIdle">sfu.memory.release-when-idle: once no client has been connected for
/// <paramref name="IdleDelay"/>, compact the managed heap and hand its free pages, and the native heap's, back to the
/// system; on by default.</param>
/// <param name="IdleDelay">How long the server must stay without clients before it releases memory, default 10 s.</param>
/// <param name="TrimWhenSettled">sfu.memory.trim-when-settled: once the number of connected clients has stayed the same for
/// <paramref name="SettleDelay"/> after a join or a leave, hand the native heap's free pages back to the system; on by
/// default. A busy server is rarely idle, so without it the C library keeps what every burst of joins freed.</param>
/// <param name="SettleDelay">How long the number of clients must stay unchanged before that trim, default 5 s.</param>
/// <param name="CompactWhenSettled">sfu.memory.compact-when-settled: at the same moment, when at least
/// <paramref name="CompactAfterAllocated"/> was allocated since the heap was last compacted and the heap is at most
/// <paramref name="CompactMaxHeap"/>, compact the heap and decommit the rest; on by default. What a burst of joins
/// allocated and dropped otherwise stays committed while media flows, since forwarding allocates too little for a full
/// collection to come. One pause that grows with the heap.</param>
/// <param name="CompactAfterAllocated">Allocations since the last compaction below which no compaction is worth its pause, default 16 MiB.</param>
/// <param name="CompactMaxHeap">Heap above which the pause would be too long to compact while media flows, default 256 MiB.</param>
public sealed record MemorySettings(bool ReleaseWhenIdle, TimeSpan IdleDelay, bool TrimWhenSettled, TimeSpan SettleDelay,
    bool CompactWhenSettled, long CompactAfterAllocated, long CompactMaxHeap)
{
    public static MemorySettings Default { get; } =
        new(true, TimeSpan.FromSeconds(10), true, TimeSpan.FromSeconds(5), true, 16L << 20, 256L << 20);
}

/// <param name="Whip">sfu.sdp.whip: serve WHIP (RFC 9725) and WHEP at /whip and /whep; on by default (tokens as for the WebSocket).</param>
/// <param name="SetupTimeout">How long an SDP offer may take to be answered (transports, producers, consumers), default 10 s.</param>
/// <param name="ConnectTimeout">How long an answered SDP client has to complete ICE and DTLS before it leaves, default 30 s.</param>
public sealed record SdpSettings(bool Whip, TimeSpan SetupTimeout, TimeSpan ConnectTimeout);

/// <param name="Enabled">sfu.beep.enabled: serve the Beep-compatible endpoints (GET /connect, POST /join/…); off by default
/// because they trust the X-User-Claim header, which only an authenticating proxy in front may set.</param>
/// <param name="PermissionsHost">PERMISSIONS_HOST: base URL asked whether a user may join a conversation; null allows all.</param>
/// <param name="MaxConnections">Beep connections at once (they share one channel, which CHANNEL_SIZE does not bound), default 1000.</param>
/// <param name="Listen">LISTEN: a second address ("host:port", ":port" for every interface) where the server also
/// listens when the mode is on, as the Beep service did stand-alone; null for none.</param>
public sealed record BeepSettings(bool Enabled, string? PermissionsHost, int MaxConnections, ListenEndpoint? Listen = null)
{
    /// <summary>sfu.beep.max-id-length: the longest userid, clientid or conversation id accepted (400 beyond), default 256.</summary>
    public int MaxIdLength { get; init; } = 256;
}

/// <summary>An address to listen on; <see cref="Host"/> is empty for every interface (Go's ":80").</summary>
public sealed record ListenEndpoint(string Host, int Port);
