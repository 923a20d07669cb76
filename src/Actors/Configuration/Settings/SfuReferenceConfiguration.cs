using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>hocon/reference.conf, embedded in this assembly so the defaults load from any directory.</summary>
public static class SfuReferenceConfiguration
{
    private const string ResourceName = "Sfu.Actors.Configuration.reference.conf";

    private static readonly Lazy<string> LazyText = new(ReadResource);

    private static readonly Lazy<IConfiguration> LazyDefaults = new(() =>
        new ConfigurationBuilder().AddSfuReference().Build());

    public static string Text => LazyText.Value;

    /// <summary>The reference as a layer named "reference.conf" (it has no include to resolve).</summary>
    public static HoconSource Source => HoconSource.FromText(Text, "reference.conf");

    /// <summary>The defaults alone, flattened; SfuSettings falls back to them for unset keys.</summary>
    internal static IConfiguration Defaults => LazyDefaults.Value;

    /// <summary>Adds the reference defaults as the first, lowest-priority source.</summary>
    public static IConfigurationBuilder AddSfuReference(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddHoconLayers([Source], new HoconReadOptions { Environment = new Dictionary<string, string?>() });
    }

    private static string ReadResource()
    {
        using var stream = typeof(SfuReferenceConfiguration).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(SfuReferenceConfiguration).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
