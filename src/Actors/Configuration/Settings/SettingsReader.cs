using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Reads one setting at a time and checks it, turning a bad value into a SettingsException that
/// names the environment variable and the key. A key the configuration does not set falls back
/// to the embedded reference.conf, so defaults are written in one place only.
/// </summary>
internal sealed class SettingsReader(IConfiguration configuration)
{
    private readonly IConfiguration _defaults = SfuReferenceConfiguration.Defaults;

    public string? Raw(string key) => configuration[key] ?? _defaults[key];

    /// <summary>"PORT (sfu.http.port)", or just the path for settings no variable overrides.</summary>
    public static string Describe(string key)
    {
        var path = SfuConfigurationKeys.ToHoconPath(key);
        return SfuEnvironmentVariables.ForKey(key) is { } variable ? $"{variable} ({path})" : path;
    }

    public static SettingsException Invalid(string key, string problem, string expected) =>
        new(key, $"Invalid setting {Describe(key)}: {problem}; expected {expected}.");

    private static SettingsException Invalid(string key, string value, string whatItIsNot, string expected) =>
        Invalid(key, $"{Quote(value)} is not {whatItIsNot}", expected);

    /// <summary>The value in double quotes, control characters escaped, so the message stays on one line.</summary>
    public static string Quote(string value)
    {
        var builder = new System.Text.StringBuilder();
        HoconRenderer.WriteQuoted(builder, value);
        return builder.ToString();
    }

    private string Required(string key) =>
        Raw(key) ?? throw new SettingsException(key, $"Missing setting {Describe(key)}: it has no value and no default.");

    public int Integer(string key, int minimum, int maximum, string whatItIs, string? expected = null)
    {
        var text = Required(key);
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || value < minimum || value > maximum)
        {
            throw Invalid(key, text, whatItIs, expected ?? $"an integer from {minimum} to {maximum}");
        }

        return value;
    }

    public int Port(string key) => Integer(key, 1, 65535, "a port number");

    /// <summary>Bits per second. The upper bound keeps the value within what browsers' 32-bit fields hold.</summary>
    public long Bitrate(string key) =>
        Integer(key, 1, int.MaxValue, "a bitrate", $"a whole number of bits per second from 1 to {int.MaxValue}");

    public long Size(string key, long minimum)
    {
        var text = Required(key);
        if (!HoconSize.TryParse(text, out var bytes) || bytes < minimum)
        {
            throw Invalid(key, text, "a size", $"{HoconSize.AcceptedForms}, at least {minimum}");
        }

        return bytes;
    }

    public TimeSpan PositiveDuration(string key)
    {
        var text = Required(key);
        if (!HoconDuration.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
        {
            throw Invalid(key, text, "a duration", $"{HoconDuration.AcceptedForms}, greater than zero");
        }

        return duration;
    }

    public bool Boolean(string key) => OptionalBoolean(key) ?? throw new SettingsException(key, $"Missing setting {Describe(key)}: it has no value and no default.");

    /// <summary>True/false, yes/no, on/off (HOCON spec "Automatic type conversions"); null when unset.</summary>
    public bool? OptionalBoolean(string key)
    {
        var text = Raw(key);
        return text?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Invalid(key, text, "a boolean", "true or false (yes/no and on/off also work)"),
        };
    }

    /// <summary>One of a fixed set of words, compared ignoring case, returned as listed.</summary>
    public string OneOf(string key, IReadOnlyList<string> accepted, string whatItIs)
    {
        var text = Required(key);
        return accepted.FirstOrDefault(word => string.Equals(word, text.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(key, text, whatItIs, $"one of {string.Join(", ", accepted)}");
    }

    /// <summary>An IP address written in full (not the "1" that IPAddress.TryParse reads as 0.0.0.1).</summary>
    public string IpAddress(string key)
    {
        var text = Required(key).Trim();
        if (!IsFullIpAddress(text))
        {
            throw Invalid(key, text, "an IP address", "an IPv4 address such as 0.0.0.0 or an IPv6 address such as ::");
        }

        return text;
    }

    /// <summary>"host:port" or ":port" (every interface), as Go's net.Listen takes it; null when unset.</summary>
    public ListenEndpoint? OptionalListenAddress(string key)
    {
        var text = Raw(key);
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        int colon = trimmed.LastIndexOf(':');
        string host = colon < 0 ? string.Empty : trimmed[..colon].Trim('[', ']');
        if (colon < 0 || !int.TryParse(trimmed[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535 || (host.Length > 0 && host != "localhost" && !IsFullIpAddress(host)))
        {
            throw Invalid(key, text, "a listen address", "\":80\", \"0.0.0.0:8080\" or \"127.0.0.1:9000\"");
        }

        return new ListenEndpoint(host, port);
    }

    /// <summary>An absolute http or https URL; null when unset.</summary>
    public string? OptionalHttpUrl(string key)
    {
        var text = Raw(key);
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw Invalid(key, text, "an http or https URL", "a URL such as http://permissions:8080");
        }

        return trimmed;
    }

    /// <summary>An IP address or a DNS host name; null when unset.</summary>
    public string? OptionalHost(string key)
    {
        var text = Raw(key);
        if (text is null)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!IsFullIpAddress(trimmed) && Uri.CheckHostName(trimmed) != UriHostNameType.Dns)
        {
            throw Invalid(key, text, "an IP address or a host name", "an address such as 203.0.113.7 or a name such as sfu.example.com");
        }

        return trimmed;
    }

    public string Host(string key) =>
        OptionalHost(key) ?? throw new SettingsException(key, $"Missing setting {Describe(key)}: it has no value and no default.");

    private static bool IsFullIpAddress(string text) =>
        IPAddress.TryParse(text, out var address)
        && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') == 3);

    /// <summary>
    /// A codec list: a comma-separated string (the AUDIO_CODECS form: split on ',', no trimming) or
    /// an array. Unknown names are dropped, the order is kept; nothing set means all codecs
    /// (PROTOCOL.md section 5.11). A string wins over an array, because a string can only come
    /// from a later source (the environment or an override) than the reference array.
    /// </summary>
    public IReadOnlyList<string> CodecList(string key, IReadOnlyList<string> known)
    {
        var names = ListFrom(configuration, key) ?? ListFrom(_defaults, key) ?? known;
        return Array.AsReadOnly(names.Where(known.Contains).ToArray());
    }

    private static IReadOnlyList<string>? ListFrom(IConfiguration source, string key)
    {
        var section = source.GetSection(key);
        if (!string.IsNullOrEmpty(section.Value))
        {
            return section.Value.Split(',');
        }

        var elements = section.GetChildren().Select(child => child.Value).OfType<string>().ToList();
        return elements.Count > 0 ? elements : null;
    }
}
