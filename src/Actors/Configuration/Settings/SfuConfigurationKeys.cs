namespace Sfu.Actors.Configuration;

/// <summary>
/// The configuration keys of every setting (IConfiguration form, ':' separated; in HOCON the same
/// path with dots). Use them for in-memory overrides, e.g. <c>[SfuConfigurationKeys.Development] = "true"</c>.
/// </summary>
public static class SfuConfigurationKeys
{
    public const string Development = "sfu:development";
    public const string PublicIp = "sfu:public-ip";
    public const string AuthKey = "sfu:auth:key";

    public const string HttpInterface = "sfu:http:interface";
    public const string HttpPort = "sfu:http:port";
    public const string HttpProxy = "sfu:http:proxy";
    public const string HttpDemo = "sfu:http:demo";

    public const string RtcInterface = "sfu:rtc:interface";
    public const string RtcMinPort = "sfu:rtc:min-port";
    public const string RtcMaxPort = "sfu:rtc:max-port";
    public const string RtcNumWorkers = "sfu:rtc:num-workers";

    public const string AudioCodecs = "sfu:media:audio-codecs";
    public const string VideoCodecs = "sfu:media:video-codecs";
    public const string MaxBufIn = "sfu:media:max-buf-in";
    public const string MaxBufOut = "sfu:media:max-buf-out";
    public const string MaxBitrateIn = "sfu:media:max-bitrate-in";
    public const string MaxBitrateOut = "sfu:media:max-bitrate-out";
    public const string ProbeBandwidth = "sfu:media:probe-bandwidth";
    public const string MaxVideoBitrate = "sfu:media:max-video-bitrate";

    public const string ChannelMaxSessions = "sfu:channel:max-sessions";
    public const string ChannelCloseTimeout = "sfu:channel:close-timeout";
    public const string ChannelConsumerRecoveryDelay = "sfu:channel:consumer-recovery-delay";
    public const string ChannelSessionErrorLimit = "sfu:channel:session-error-limit";
    public const string ChannelSessionMaxRestarts = "sfu:channel:session-max-restarts";
    public const string ChannelSessionRestartWindow = "sfu:channel:session-restart-window";

    public const string SignalingAuthenticationTimeout = "sfu:signaling:authentication-timeout";
    public const string SignalingConnectionTimeout = "sfu:signaling:connection-timeout";
    public const string SignalingPingInterval = "sfu:signaling:ping-interval";
    public const string SignalingPingTimeout = "sfu:signaling:ping-timeout";
    public const string SignalingBatchDelay = "sfu:signaling:batch-delay";
    public const string SignalingRequestTimeout = "sfu:signaling:request-timeout";
    public const string SignalingStatsTimeout = "sfu:signaling:stats-timeout";

    public const string SdpWhip = "sfu:sdp:whip";
    public const string SdpSetupTimeout = "sfu:sdp:setup-timeout";
    public const string SdpConnectTimeout = "sfu:sdp:connect-timeout";

    public const string BeepEnabled = "sfu:beep:enabled";
    public const string BeepPermissionsHost = "sfu:beep:permissions-host";
    public const string BeepMaxConnections = "sfu:beep:max-connections";
    public const string BeepListen = "sfu:beep:listen";
    public const string BeepMaxIdLength = "sfu:beep:max-id-length";
    public const string BeepSpeechLevel = "sfu:beep:dominant-speaker:speech-level";
    public const string BeepSwitchMargin = "sfu:beep:dominant-speaker:switch-margin";
    public const string BeepSwitchDelay = "sfu:beep:dominant-speaker:switch-delay";
    public const string BeepSilence = "sfu:beep:dominant-speaker:silence";

    public const string LoggingLevel = "sfu:logging:level";
    public const string LoggingTimestamp = "sfu:logging:timestamp";
    public const string LoggingColor = "sfu:logging:color";
    public const string LoggingWorkerLevel = "sfu:logging:worker-level";

    public const string LimitsMaxHttpBody = "sfu:limits:max-http-body";
    public const string LimitsMaxWebSocketFrame = "sfu:limits:max-websocket-frame";
    public const string LimitsMaxPendingFramesPerSocket = "sfu:limits:max-pending-frames-per-socket";

    public const string MemoryReleaseWhenIdle = "sfu:memory:release-when-idle";
    public const string MemoryIdleDelay = "sfu:memory:idle-delay";
    public const string MemoryTrimWhenSettled = "sfu:memory:trim-when-settled";
    public const string MemorySettleDelay = "sfu:memory:settle-delay";
    public const string MemoryCompactWhenSettled = "sfu:memory:compact-when-settled";
    public const string MemoryCompactAfterAllocated = "sfu:memory:compact-after-allocated";
    public const string MemoryCompactMaxHeap = "sfu:memory:compact-max-heap";

    /// <summary>The HOCON spelling of a key: sfu:http:port becomes sfu.http.port.</summary>
    public static string ToHoconPath(string key) => key.Replace(':', '.');
}
