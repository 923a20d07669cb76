namespace Sfu.Transport.Tests.Stun;

/// <summary>The committed samples of a parser: every *.hex file of a TestData folder copied next to the tests.</summary>
internal static class Corpus
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load(string folder)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, folder);
        var samples = new List<(string, byte[])>();
        foreach (string file in Directory.GetFiles(directory, "*.hex").OrderBy(f => f, StringComparer.Ordinal))
        {
            samples.Add((Path.GetFileNameWithoutExtension(file), HexText.Parse(File.ReadAllText(file))));
        }

        return samples;
    }

    public static byte[] Sample(string folder, string name) =>
        HexText.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, folder, name + ".hex")));
}
