namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Reads the datagrams of Dtls/testdata: one datagram per .hex file, '#' lines are comments, hex digits may be
/// spaced and wrapped.
/// </summary>
internal static class DtlsCorpus
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Dtls", "testdata");

    public static IReadOnlyDictionary<string, byte[]> Load()
    {
        var samples = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(Folder, "*.hex"))
        {
            IEnumerable<string> hexLines = File.ReadLines(path).Where(line => !line.TrimStart().StartsWith('#'));
            string hex = string.Concat(string.Concat(hexLines).Where(char.IsAsciiHexDigit));
            samples[Path.GetFileNameWithoutExtension(path)] = Convert.FromHexString(hex);
        }

        return samples;
    }
}
