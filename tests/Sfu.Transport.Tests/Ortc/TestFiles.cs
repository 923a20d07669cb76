namespace Sfu.Transport.Tests.Ortc;

/// <summary>Files of the Ortc test folders, copied next to the test assembly.</summary>
internal static class TestFiles
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Ortc", relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));
}
