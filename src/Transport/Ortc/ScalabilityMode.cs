using System.Text.RegularExpressions;

namespace Sfu.Transport.Ortc;

/// <summary>
/// A W3C webrtc-svc scalability mode reduced to what an SFU needs: spatial and temporal layer counts and whether it
/// is a K-SVC mode ("_KEY"). Parsed like mediasoup: <c>[LS]&lt;1-99&gt;T&lt;1-99&gt;</c> at the start of the text,
/// anything after ignored; unparseable or missing text means one spatial and one temporal layer.
/// </summary>
public readonly partial record struct ScalabilityMode(int SpatialLayers, int TemporalLayers, bool Ksvc)
{
    public static ScalabilityMode Single { get; } = new(1, 1, false);

    // [0-9] rather than \d: .NET's \d also matches non-ASCII digits, JavaScript's does not.
    [GeneratedRegex("^[LS]([1-9][0-9]?)T([1-9][0-9]?)(_KEY)?", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static ScalabilityMode Parse(string? text)
    {
        Match match = Pattern().Match(text ?? string.Empty);
        if (!match.Success)
        {
            return Single;
        }

        return new ScalabilityMode(
            int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture),
            match.Groups[3].Success);
    }

    /// <summary>The "L&lt;spatial&gt;T&lt;temporal&gt;" spelling (plus "_KEY" for K-SVC).</summary>
    public override string ToString() => "L" + SpatialLayers + "T" + TemporalLayers + (Ksvc ? "_KEY" : string.Empty);
}
