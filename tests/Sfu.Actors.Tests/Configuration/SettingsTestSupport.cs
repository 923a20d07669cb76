using Microsoft.Extensions.Configuration;
using Sfu.Actors.Configuration;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>Builds settings from a made-up environment; the real process environment is never read.</summary>
internal static class SettingsTestSupport
{
    public static SfuSettings FromEnvironment(params (string Name, string? Value)[] variables) =>
        SfuSettings.Load(Environment(variables), hoconPath: null);

    public static IConfigurationRoot ConfigurationFromEnvironment(params (string Name, string? Value)[] variables) =>
        new ConfigurationBuilder().AddSfuEnvironment(Environment(variables)).Build();

    public static Dictionary<string, string?> Environment(params (string Name, string? Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);

    public static SettingsException Rejected(params (string Name, string? Value)[] variables)
    {
        var act = () => FromEnvironment(variables);
        return act.Should().Throw<SettingsException>().Which;
    }
}
