namespace Sfu.Actors.Configuration;

/// <summary>
/// One layer of a configuration: text, the name its errors are reported under, and the directory
/// its includes are relative to. Layers read together are merged as if they were one file (later
/// layers override earlier ones) and then resolved once, so substitutions in an earlier layer see
/// the values of later ones (a reference file's <c>${x}</c> sees the user's x).
/// </summary>
public sealed record HoconSource(string Name, string Text, string? Directory)
{
    public static HoconSource FromText(string text, string name = "<string>", string? directory = null) =>
        new(name, text, directory);

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static HoconSource FromFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The HOCON file \"{fullPath}\" does not exist.", fullPath);
        }

        return new HoconSource(fullPath, File.ReadAllText(fullPath), Path.GetDirectoryName(fullPath));
    }
}
