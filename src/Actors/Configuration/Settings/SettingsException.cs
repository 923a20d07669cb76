namespace Sfu.Actors.Configuration;

/// <summary>
/// A setting has a value the server cannot run with. The message is one line naming the setting
/// (environment variable and configuration key), the value and what is accepted, e.g.
/// <c>Invalid setting PORT (sfu.http.port): "abc" is not a port number; expected an integer from 1 to 65535.</c>
/// </summary>
public sealed class SettingsException : Exception
{
    public SettingsException(string setting, string message, Exception? inner = null) : base(message, inner) => Setting = setting;

    /// <summary>The configuration key (sfu:http:port), or SFU_CONFIG for the configuration file itself.</summary>
    public string Setting { get; }
}
