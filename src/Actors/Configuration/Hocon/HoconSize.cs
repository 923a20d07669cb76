namespace Sfu.Actors.Configuration;

/// <summary>
/// HOCON spec "Size in bytes format": <c>64KiB</c>, <c>1MiB</c>, <c>1MB</c>, <c>1k</c>; a bare number
/// is bytes. Powers of ten for kB/MB/..., powers of two for K/Ki/KiB/... (one letter means a
/// power of two, as in <c>java -Xmx2G</c>). Fractions of a byte are dropped.
/// </summary>
public static class HoconSize
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    /// <summary>What error messages say is accepted.</summary>
    public const string AcceptedForms = "a size in bytes such as 65536, 64KiB, 1MiB or 1MB (a bare number is bytes)";

    /// <summary>Never throws; false for anything that is not a non-negative size fitting a long.</summary>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (text is null || !HoconUnits.TrySplit(text, out var number, out var unit) || number < 0)
        {
            return false;
        }

        var scale = unit.Length == 0 ? 1m : BytesPerUnit.GetValueOrDefault(unit);
        return scale != 0 && HoconUnits.TryScale(number, scale, out bytes);
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };

        // Prefix letter, SI name, binary name; each step multiplies by 1000 or 1024.
        (char Letter, string Decimal, string Binary)[] prefixes =
        [
            ('k', "kilo", "kibi"), ('m', "mega", "mebi"), ('g', "giga", "gibi"), ('t', "tera", "tebi"),
            ('p', "peta", "pebi"), ('e', "exa", "exbi"), ('z', "zetta", "zebi"), ('y', "yotta", "yobi"),
        ];
        decimal powerOfTen = 1, powerOfTwo = 1;
        foreach (var (letter, si, binary) in prefixes)
        {
            powerOfTen *= 1000;
            powerOfTwo *= 1024;
            var upper = char.ToUpperInvariant(letter);

            // kB is the SI spelling; the others use the capital letter (MB, GB, ...).
            units[(letter == 'k' ? "k" : upper.ToString()) + "B"] = powerOfTen;
            units[si + "byte"] = powerOfTen;
            units[si + "bytes"] = powerOfTen;

            units[upper.ToString()] = powerOfTwo;
            units[letter.ToString()] = powerOfTwo;
            units[upper + "i"] = powerOfTwo;
            units[upper + "iB"] = powerOfTwo;
            units[binary + "byte"] = powerOfTwo;
            units[binary + "bytes"] = powerOfTwo;
        }

        return units;
    }
}
