using System.Security.Cryptography;
using Sfu.Actors.Configuration;

namespace Sfu.Web.Hosting;

/// <summary>
/// Settings for a start of the program. In production AUTH_KEY and PUBLIC_IP are required, as upstream requires
/// them; development mode (the README's run command) fills what is missing with loopback addresses and a fresh
/// key that it prints, so that a person trying the server needs no set-up.
/// </summary>
public static class StartupSettings
{
    private static readonly string[] DevelopmentLoopbackVariables = ["HTTP_INTERFACE", "RTC_INTERFACE", "PUBLIC_IP"];

    /// <summary>
    /// Reads the settings; in development mode a generated key is written back into <paramref name="env"/>, so that
    /// a restart keeps it.
    /// </summary>
    public static SfuSettings Load(Dictionary<string, string?> env, bool development, TextWriter output)
    {
        if (development)
        {
            foreach (string name in DevelopmentLoopbackVariables)
            {
                SetIfMissing(env, name, "127.0.0.1");
            }

            if (string.IsNullOrEmpty(env.GetValueOrDefault("AUTH_KEY")))
            {
                env["AUTH_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                output.WriteLine($"Development mode: generated AUTH_KEY={env["AUTH_KEY"]}");
            }
        }

        string? hoconPath = env.GetValueOrDefault("SFU_CONFIG");
        var overrides = development
            ? new Dictionary<string, string?> { [SfuConfigurationKeys.Development] = "true", [SfuConfigurationKeys.HttpDemo] = "true" }
            : null;
        SfuSettings settings = SfuSettings.Load(env, string.IsNullOrEmpty(hoconPath) ? null : hoconPath, overrides);
        if (settings.Auth.Key is null)
        {
            throw new SettingsException(SfuConfigurationKeys.AuthKey, "Missing setting AUTH_KEY (sfu.auth.key): the base64 key that signs tokens is required, e.g. `openssl rand -base64 32`; or start in development mode with --development.");
        }

        if (settings.Http.PublicIp is null)
        {
            throw new SettingsException(SfuConfigurationKeys.PublicIp, "Missing setting PUBLIC_IP (sfu.public-ip): the address announced to clients is required; or start in development mode with --development.");
        }

        return settings;
    }

    public static void PrintBanner(SfuSettings settings, Uri address, TextWriter output)
    {
        if (!settings.Development)
        {
            return;
        }

        output.WriteLine($"Sfu listening on {address} (development mode)");
        output.WriteLine($"  AUTH_KEY  {settings.Auth.Key}");
        output.WriteLine($"  stats     {address}v1/stats");
        if (settings.Http.Demo)
        {
            output.WriteLine($"  demo      {address}demo  (open it in two tabs)");
        }
    }

    private static void SetIfMissing(Dictionary<string, string?> env, string name, string value)
    {
        if (string.IsNullOrEmpty(env.GetValueOrDefault(name)))
        {
            env[name] = value;
        }
    }
}
