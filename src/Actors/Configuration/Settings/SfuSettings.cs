using Microsoft.Extensions.Configuration;
using Keys = Sfu.Actors.Configuration.SfuConfigurationKeys;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Every setting of the server, checked. Built from configuration by <see cref="Create"/>, or from
/// the environment and files by <see cref="Load"/>. Sections are in SfuSettingsSections.cs.
/// </summary>
/// <param name="Development">sfu.development: the run command's development mode.</param>
public sealed record SfuSettings(
    bool Development,
    AuthSettings Auth,
    HttpSettings Http,
    RtcSettings Rtc,
    MediaSettings Media,
    ChannelSettings Channel,
    SignalingSettings Signaling,
    LoggingSettings Logging,
    LimitSettings Limits,
    SdpSettings Sdp,
    BeepSettings Beep)
{
    /// <summary>sfu.memory: giving memory back once the server is idle.</summary>
    public MemorySettings Memory { get; init; } = MemorySettings.Default;

    /// <summary>
    /// Reads and checks every setting; keys the configuration lacks take the reference.conf default.
    /// Whether AUTH_KEY and PUBLIC_IP are present is for the caller to decide (development mode
    /// makes them up); here they are only checked when given.
    /// </summary>
    /// <exception cref="SettingsException">A value is invalid; the message names it and what is accepted.</exception>
    public static SfuSettings Create(IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var read = new SettingsReader(config);
        var publicIp = read.OptionalHost(Keys.PublicIp);

        var minPort = read.Port(Keys.RtcMinPort);
        var maxPort = read.Port(Keys.RtcMaxPort);
        if (minPort > maxPort)
        {
            throw SettingsReader.Invalid(Keys.RtcMinPort,
                $"{minPort} is greater than {SettingsReader.Describe(Keys.RtcMaxPort)}, which is {maxPort}",
                "RTC_MIN_PORT to be at most RTC_MAX_PORT");
        }

        return new SfuSettings(
            read.Boolean(Keys.Development),
            new AuthSettings(ReadAuthKey(read)),
            new HttpSettings(read.Host(Keys.HttpInterface), read.Port(Keys.HttpPort), read.Boolean(Keys.HttpProxy), publicIp,
                read.Boolean(Keys.HttpDemo)),
            new RtcSettings(read.IpAddress(Keys.RtcInterface), publicIp, minPort, maxPort, ReadWorkerCount(read)),
            new MediaSettings(
                read.CodecList(Keys.AudioCodecs, SfuCodecNames.Audio),
                read.CodecList(Keys.VideoCodecs, SfuCodecNames.Video),
                read.Size(Keys.MaxBufIn, minimum: 0),
                read.Size(Keys.MaxBufOut, minimum: 0),
                read.Bitrate(Keys.MaxBitrateIn),
                read.Bitrate(Keys.MaxBitrateOut),
                read.Bitrate(Keys.MaxVideoBitrate))
            {
                ProbeBandwidth = read.Boolean(Keys.ProbeBandwidth),
                DominantSpeaker = new Sfu.Transport.Forwarding.DominantSpeakerSettings(
                    read.Integer(Keys.BeepSpeechLevel, 0, 127, "an audio level in dBov below full scale"),
                    read.Integer(Keys.BeepSwitchMargin, 0, 127, "a level difference in dB"),
                    (int)read.PositiveDuration(Keys.BeepSwitchDelay).TotalMilliseconds,
                    (int)read.PositiveDuration(Keys.BeepSilence).TotalMilliseconds),
            },
            new ChannelSettings(
                read.Integer(Keys.ChannelMaxSessions, 1, int.MaxValue, "a channel size"),
                read.PositiveDuration(Keys.ChannelCloseTimeout),
                read.PositiveDuration(Keys.ChannelConsumerRecoveryDelay),
                read.Integer(Keys.ChannelSessionErrorLimit, 0, int.MaxValue, "an error count"),
                read.Integer(Keys.ChannelSessionMaxRestarts, 0, int.MaxValue, "a restart count"),
                read.PositiveDuration(Keys.ChannelSessionRestartWindow)),
            new SignalingSettings(
                read.PositiveDuration(Keys.SignalingAuthenticationTimeout),
                read.PositiveDuration(Keys.SignalingConnectionTimeout),
                read.PositiveDuration(Keys.SignalingPingInterval),
                read.PositiveDuration(Keys.SignalingPingTimeout),
                read.PositiveDuration(Keys.SignalingBatchDelay),
                read.PositiveDuration(Keys.SignalingRequestTimeout),
                read.PositiveDuration(Keys.SignalingStatsTimeout)),
            new LoggingSettings(
                read.OneOf(Keys.LoggingLevel, LoggingSettings.Levels, "a log level"),
                read.Boolean(Keys.LoggingTimestamp),
                read.OptionalBoolean(Keys.LoggingColor),
                read.OneOf(Keys.LoggingWorkerLevel, LoggingSettings.WorkerLevels, "a worker log level")),
            new LimitSettings(
                read.Size(Keys.LimitsMaxHttpBody, minimum: 1),
                read.Size(Keys.LimitsMaxWebSocketFrame, minimum: 1),
                read.Integer(Keys.LimitsMaxPendingFramesPerSocket, 1, int.MaxValue, "a frame count")),
            new SdpSettings(read.Boolean(Keys.SdpWhip), read.PositiveDuration(Keys.SdpSetupTimeout), read.PositiveDuration(Keys.SdpConnectTimeout)),
            new BeepSettings(read.Boolean(Keys.BeepEnabled), read.OptionalHttpUrl(Keys.BeepPermissionsHost),
                read.Integer(Keys.BeepMaxConnections, 1, int.MaxValue, "a connection count"),
                read.OptionalListenAddress(Keys.BeepListen))
            {
                MaxIdLength = read.Integer(Keys.BeepMaxIdLength, 1, 4096, "a length in characters"),
            })
        {
            Memory = new MemorySettings(read.Boolean(Keys.MemoryReleaseWhenIdle), read.PositiveDuration(Keys.MemoryIdleDelay),
                read.Boolean(Keys.MemoryTrimWhenSettled), read.PositiveDuration(Keys.MemorySettleDelay),
                read.Boolean(Keys.MemoryCompactWhenSettled), read.Size(Keys.MemoryCompactAfterAllocated, 0),
                read.Size(Keys.MemoryCompactMaxHeap, 0)),
        };
    }

    /// <summary>
    /// reference.conf, then the user's HOCON file (<paramref name="hoconPath"/>, else the file SFU_CONFIG
    /// names; no file is looked for otherwise), then the environment variables, then
    /// <paramref name="overrides"/> (keys as in SfuConfigurationKeys); checked by <see cref="Create"/>.
    /// </summary>
    /// <param name="env">Environment variables; null means the process environment.</param>
    /// <exception cref="SettingsException">The file is missing or malformed, or a value is invalid.</exception>
    public static SfuSettings Load(IReadOnlyDictionary<string, string?>? env, string? hoconPath,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null) =>
        Create(SfuConfiguration.Build(env, hoconPath, overrides));

    /// <summary>
    /// NUM_WORKERS: 0 (the default) means one per processor, as upstream's <c>Number(v) || Infinity</c>
    /// capped by availableParallelism; more than the processors is capped. Negative is an error
    /// here, where upstream silently started no worker at all.
    /// </summary>
    private static int ReadWorkerCount(SettingsReader read)
    {
        var requested = read.Integer(Keys.RtcNumWorkers, 0, int.MaxValue, "a worker count",
            "0 (one worker per processor) or a positive integer");
        return requested == 0 ? Environment.ProcessorCount : Math.Min(requested, Environment.ProcessorCount);
    }

    /// <summary>
    /// The key is decoded leniently (PROTOCOL.md section 2.2: characters outside both base64
    /// alphabets are skipped, decoding stops at the first '='), so almost any text "decodes";
    /// what must not pass is text that decodes to an empty key, which would sign with nothing.
    /// The value is a secret: the message gives its length, never its content.
    /// </summary>
    private static string? ReadAuthKey(SettingsReader read)
    {
        var key = read.Raw(Keys.AuthKey);
        if (key is null)
        {
            return null;
        }

        var significant = 0;
        foreach (var c in key)
        {
            if (c == '=')
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_')
            {
                significant++;
            }
        }

        // Two base64 characters are the least that carry one byte (RFC 4648 section 4).
        if (significant < 2)
        {
            throw SettingsReader.Invalid(Keys.AuthKey,
                $"the value ({key.Length} characters, not shown) decodes to an empty key",
                "the base64 text of the key, such as the output of \"openssl rand -base64 32\"");
        }

        return key;
    }
}
