using System.Runtime.CompilerServices;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>
/// The committed samples of Configuration/Corpus. They are read from the output folder when the
/// project copies them there, else from the source folder this file sits in (the test project
/// file is shared, so this folder does not add an item to it).
/// </summary>
internal static class HoconCorpus
{
    public const string VirtualDirectory = "/virtual";

    public static IReadOnlyDictionary<string, string> Files { get; } = Load();

    /// <summary>The samples keyed by the virtual path the tests serve them under.</summary>
    public static IReadOnlyDictionary<string, string> VirtualFiles { get; } =
        Files.ToDictionary(pair => $"{VirtualDirectory}/{pair.Key}", pair => pair.Value);

    private static Dictionary<string, string> Load()
    {
        var directory = new[] { Path.Combine(AppContext.BaseDirectory, "Configuration", "Corpus"), Path.Combine(SourceDirectory(), "Corpus") }
            .First(Directory.Exists);
        return Directory.EnumerateFiles(directory)
            .Where(path => path.EndsWith(".conf", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
