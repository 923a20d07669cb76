namespace Sfu.Actors.Configuration;

/// <summary>How a HOCON document is read: where substitutions find environment variables and
/// how included files are fetched.</summary>
public sealed record HoconReadOptions
{
    /// <summary>
    /// Variables that <c>${X}</c> and <c>${?X}</c> fall back to when the configuration has no value at X.
    /// Null means the process environment. An empty value counts as unset, as in AddSfuEnvironment.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>
    /// Reads an included file given its full path; returns null when there is no such file. Null
    /// means the file system. Tests and fuzzing plug an in-memory set of files in here.
    /// </summary>
    public Func<string, string?>? FileReader { get; init; }

    /// <summary>
    /// Directory that includes of a document read from a string are relative to; null means the
    /// current directory. Files always resolve includes relative to their own directory.
    /// </summary>
    public string? BaseDirectory { get; init; }

    internal string? LookupEnvironment(string name)
    {
        var value = Environment is null
            ? System.Environment.GetEnvironmentVariable(name)
            : Environment.TryGetValue(name, out var found) ? found : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    internal string? ReadFile(string fullPath) =>
        FileReader is not null ? FileReader(fullPath) : File.Exists(fullPath) ? File.ReadAllText(fullPath) : null;
}
