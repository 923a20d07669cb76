using System.Collections;
using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>The replaced server's environment variables as a configuration source.</summary>
public sealed class SfuEnvironmentConfigurationSource : IConfigurationSource
{
    /// <summary>The variables to read; null means the process environment, read when the configuration is built.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SfuEnvironmentConfigurationProvider(Environment);
}

public sealed class SfuEnvironmentConfigurationProvider(IReadOnlyDictionary<string, string?>? environment) : ConfigurationProvider
{
    public override void Load() => Data = SfuEnvironmentVariables.ToConfiguration(environment ?? ProcessEnvironment());

    private static Dictionary<string, string?> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        return variables;
    }
}

public static class SfuEnvironmentConfigurationExtensions
{
    /// <summary>
    /// Maps PUBLIC_IP, AUTH_KEY, PORT, CHANNEL_SIZE, ... onto their configuration keys (see
    /// SfuEnvironmentVariables). Null reads the process environment; tests pass a dictionary.
    /// </summary>
    public static IConfigurationBuilder AddSfuEnvironment(this IConfigurationBuilder builder,
        IReadOnlyDictionary<string, string?>? env = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new SfuEnvironmentConfigurationSource { Environment = env });
    }
}
