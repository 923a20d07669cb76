namespace Sfu.Transport.Tests.Rtp.Support;

/// <summary>
/// Loads a committed corpus folder copied next to the test assembly: one datagram per ".hex" file, written as
/// annotated hex rows, or raw bytes in a ".bin" file.
/// </summary>
internal static class Corpus
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load(string folder)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, folder);
        var samples = new List<(string, byte[])>();
        foreach (string path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (path.EndsWith(".hex", StringComparison.Ordinal))
            {
                samples.Add((name, Hex.Parse(File.ReadAllText(path))));
            }
            else if (path.EndsWith(".bin", StringComparison.Ordinal))
            {
                samples.Add((name, File.ReadAllBytes(path)));
            }
        }

        if (samples.Count == 0)
        {
            throw new InvalidOperationException($"The corpus folder {directory} holds no sample.");
        }

        return samples;
    }
}
