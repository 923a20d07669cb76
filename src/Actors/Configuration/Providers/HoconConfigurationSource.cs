using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>
/// A HOCON file, or layers of HOCON read as one document, as a configuration source. Give either
/// <see cref="Path"/> or <see cref="Layers"/>.
/// </summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    /// <summary>A file; a relative path is relative to the current directory.</summary>
    public string? Path { get; init; }

    /// <summary>When true, a missing <see cref="Path"/> gives an empty configuration instead of an error.</summary>
    public bool Optional { get; init; }

    /// <summary>Documents merged in order and resolved together (see HoconReader.ParseLayers).</summary>
    public IReadOnlyList<HoconSource>? Layers { get; init; }

    public HoconReadOptions? Options { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}

/// <summary>Reads its source once, when the configuration is built; errors surface there.</summary>
public sealed class HoconConfigurationProvider(HoconConfigurationSource source) : ConfigurationProvider
{
    public override void Load()
    {
        if (source.Path is { } path)
        {
            var fullPath = System.IO.Path.GetFullPath(path);
            if (!File.Exists(fullPath))
            {
                if (source.Optional)
                {
                    Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                    return;
                }

                throw new FileNotFoundException($"The HOCON configuration file \"{fullPath}\" does not exist.", fullPath);
            }

            Data = HoconFlattener.Flatten(HoconReader.ParseFile(fullPath, source.Options));
            return;
        }

        Data = HoconFlattener.Flatten(HoconReader.ParseLayers(source.Layers ?? [], source.Options));
    }
}
