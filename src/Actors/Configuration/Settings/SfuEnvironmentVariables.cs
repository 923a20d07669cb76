namespace Sfu.Actors.Configuration;

/// <summary>
/// The environment variables of the replaced Odoo SFU (PROTOCOL.md section 5.9) and the key each
/// one sets. Values are copied as they are, except the switches whose upstream meaning is not a
/// plain boolean: they are turned into "true"/"false" here so the settings read one form.
/// </summary>
public static class SfuEnvironmentVariables
{
    /// <summary>Names the user configuration file for SfuSettings.Load.</summary>
    public const string ConfigFile = "SFU_CONFIG";

    private static readonly string[] TimestampOffWords = ["disable", "false", "none", "no", "0"];

    internal static IReadOnlyList<EnvironmentMapping> Mappings { get; } =
    [
        new("PUBLIC_IP", SfuConfigurationKeys.PublicIp),
        new("AUTH_KEY", SfuConfigurationKeys.AuthKey),
        new("HTTP_INTERFACE", SfuConfigurationKeys.HttpInterface),
        new("PORT", SfuConfigurationKeys.HttpPort),
        new("RTC_INTERFACE", SfuConfigurationKeys.RtcInterface),

        // Upstream tests `if (process.env.PROXY)`: any non-empty text, even "0" or "false", is on.
        new("PROXY", SfuConfigurationKeys.HttpProxy, _ => "true"),
        new("AUDIO_CODECS", SfuConfigurationKeys.AudioCodecs),
        new("VIDEO_CODECS", SfuConfigurationKeys.VideoCodecs),
        new("RTC_MIN_PORT", SfuConfigurationKeys.RtcMinPort),
        new("RTC_MAX_PORT", SfuConfigurationKeys.RtcMaxPort),
        new("MAX_BUF_IN", SfuConfigurationKeys.MaxBufIn),
        new("MAX_BUF_OUT", SfuConfigurationKeys.MaxBufOut),
        new("MAX_BITRATE_IN", SfuConfigurationKeys.MaxBitrateIn),
        new("MAX_BITRATE_OUT", SfuConfigurationKeys.MaxBitrateOut),
        new("MAX_VIDEO_BITRATE", SfuConfigurationKeys.MaxVideoBitrate),
        new("CHANNEL_SIZE", SfuConfigurationKeys.ChannelMaxSessions),
        new("WORKER_LOG_LEVEL", SfuConfigurationKeys.LoggingWorkerLevel),
        new("LOG_LEVEL", SfuConfigurationKeys.LoggingLevel),

        // Upstream: off only for these five words, on for anything else. We compare them ignoring case.
        new("LOG_TIMESTAMP", SfuConfigurationKeys.LoggingTimestamp,
            value => TimestampOffWords.Contains(value, StringComparer.OrdinalIgnoreCase) ? "false" : "true"),

        // Upstream: set means on; unset leaves the choice to whether stdout is a terminal.
        new("LOG_COLOR", SfuConfigurationKeys.LoggingColor, _ => "true"),
        new("NUM_WORKERS", SfuConfigurationKeys.RtcNumWorkers),

        // The Beep service's variable (second founding document): only read when sfu.beep.enabled is on.
        new("PERMISSIONS_HOST", SfuConfigurationKeys.BeepPermissionsHost),
        new("LISTEN", SfuConfigurationKeys.BeepListen),
    ];

    /// <summary>Every variable name, in the order of the upstream README.</summary>
    public static IEnumerable<string> Names => Mappings.Select(mapping => mapping.Variable);

    /// <summary>The variable that sets a configuration key, or null when none does.</summary>
    public static string? ForKey(string key) =>
        Mappings.FirstOrDefault(mapping => string.Equals(mapping.Key, key, StringComparison.OrdinalIgnoreCase))?.Variable;

    /// <summary>The configuration entries the given environment sets. An empty value counts as unset.</summary>
    public static Dictionary<string, string?> ToConfiguration(IReadOnlyDictionary<string, string?> environment)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in Mappings)
        {
            if (environment.TryGetValue(mapping.Variable, out var value) && !string.IsNullOrEmpty(value))
            {
                data[mapping.Key] = mapping.Translate is null ? value : mapping.Translate(value);
            }
        }

        return data;
    }
}

internal sealed record EnvironmentMapping(string Variable, string Key, Func<string, string>? Translate = null);
