using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Adds HOCON to a configuration builder. Note: IConfiguration merges arrays index by index, so
/// two HOCON sources added one after the other cannot shorten a list the first one set; read
/// such files as one source with <see cref="AddHoconLayers"/>, which merges them the HOCON way.
/// </summary>
public static class HoconConfigurationExtensions
{
    /// <summary>A HOCON file (includes relative to it). A relative path is relative to the current directory.</summary>
    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false,
        HoconReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return builder.Add(new HoconConfigurationSource { Path = path, Optional = optional, Options = options });
    }

    /// <summary>HOCON text (includes relative to options.BaseDirectory, else the current directory).</summary>
    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, HoconReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        return builder.AddHoconLayers([HoconSource.FromText(text, directory: options?.BaseDirectory)], options);
    }

    /// <summary>Several documents read as one: later layers override earlier ones, arrays included.</summary>
    public static IConfigurationBuilder AddHoconLayers(this IConfigurationBuilder builder, IEnumerable<HoconSource> layers,
        HoconReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(layers);
        return builder.Add(new HoconConfigurationSource { Layers = [.. layers], Options = options });
    }
}
