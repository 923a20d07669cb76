using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>The server's configuration sources, in order of priority (last wins).</summary>
public static class SfuConfiguration
{
    /// <summary>
    /// reference.conf and the user's HOCON file (read as one document, so a user list replaces
    /// the default list), the environment variables, then the in-memory overrides.
    /// </summary>
    /// <param name="env">Environment variables (for the SFU variables, SFU_CONFIG and HOCON's ${?X}); null means the process environment.</param>
    /// <param name="hoconPath">The user's HOCON file; null means the one SFU_CONFIG names, if any.</param>
    /// <param name="overrides">Highest-priority values, keyed as in SfuConfigurationKeys.</param>
    /// <exception cref="SettingsException">The file is missing or cannot be read as HOCON.</exception>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string?>? env, string? hoconPath,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        try
        {
            var builder = new ConfigurationBuilder().AddSfuConfiguration(env, hoconPath);
            if (overrides is not null)
            {
                builder.AddInMemoryCollection(overrides);
            }

            return builder.Build();
        }
        catch (FileNotFoundException e)
        {
            var origin = hoconPath is null ? $" (named by {SfuEnvironmentVariables.ConfigFile})" : string.Empty;
            throw new SettingsException(SfuEnvironmentVariables.ConfigFile,
                $"The configuration file \"{e.FileName}\"{origin} does not exist.", e);
        }
        catch (HoconParseException e)
        {
            throw new SettingsException(SfuEnvironmentVariables.ConfigFile, $"Cannot read the configuration: {e.Message}", e);
        }
    }

    /// <summary>The same sources on an existing builder (e.g. a host's), the overrides left to the caller.</summary>
    /// <exception cref="FileNotFoundException">The user's file does not exist.</exception>
    public static IConfigurationBuilder AddSfuConfiguration(this IConfigurationBuilder builder,
        IReadOnlyDictionary<string, string?>? env = null, string? hoconPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new HoconReadOptions { Environment = env };
        var path = hoconPath ?? options.LookupEnvironment(SfuEnvironmentVariables.ConfigFile);
        var layers = new List<HoconSource> { SfuReferenceConfiguration.Source };
        if (path is not null)
        {
            layers.Add(HoconSource.FromFile(path));
        }

        return builder.AddHoconLayers(layers, options).AddSfuEnvironment(env);
    }
}
