namespace Sfu.Transport.Tests.Srtp;

/// <summary>Hex as the RFCs print it: any whitespace between groups is ignored.</summary>
internal static class Hex
{
    public static byte[] Parse(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
