namespace Sfu.Actors.Configuration;

/// <summary>
/// Reads HOCON (https://github.com/lightbend/config/blob/main/HOCON.md) into a resolved
/// <see cref="HoconObject"/>. Our own reader: no HOCON package is available here. Reading is
/// lexing (HoconLexer), parsing into one tree (HoconParser, HoconTreeBuilder), then resolving
/// substitutions (HoconResolver). Any problem is a <see cref="HoconParseException"/> naming the
/// file, line and column.
/// </summary>
public static class HoconReader
{
    /// <summary>Reads a document held in a string; its includes are relative to options.BaseDirectory.</summary>
    public static HoconObject Parse(string text, HoconReadOptions? options = null, string sourceName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParseLayers([HoconSource.FromText(text, sourceName, options?.BaseDirectory)], options);
    }

    /// <summary>Reads a file; its includes are relative to its directory.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static HoconObject ParseFile(string path, HoconReadOptions? options = null) =>
        ParseLayers([HoconSource.FromFile(path)], options);

    /// <summary>
    /// Reads several documents as one: each later layer overrides or merges with the earlier ones
    /// exactly as a repeated key in one file would, and substitutions are resolved once at the
    /// end over the whole. Typical use: reference defaults, then the user's file.
    /// </summary>
    public static HoconObject ParseLayers(IEnumerable<HoconSource> layers, HoconReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        options ??= new HoconReadOptions();
        var sources = layers.ToList();
        var rootOrigin = new HoconOrigin(sources.Count > 0 ? sources[0].Name : "<empty>", 1, 1);
        var builder = new HoconTreeBuilder(rootOrigin, options);
        foreach (var source in sources)
        {
            HoconParser.ParseLayer(source, builder);
        }

        return HoconResolver.Resolve(builder.Root, options);
    }
}
