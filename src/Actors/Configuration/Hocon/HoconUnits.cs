using System.Globalization;

namespace Sfu.Actors.Configuration;

/// <summary>
/// HOCON spec "Units format": optional blanks, a number, optional blanks, an optional unit made of
/// letters, optional blanks. Shared by durations and sizes.
/// </summary>
internal static class HoconUnits
{
    public static bool TrySplit(string text, out decimal number, out string unit)
    {
        number = 0;
        unit = string.Empty;
        var span = text.AsSpan().Trim();
        var i = 0;
        if (i < span.Length && span[i] is '+' or '-')
        {
            i++;
        }

        var mantissaDigits = 0;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < span.Length && span[i] == '.')
        {
            i++;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < span.Length && span[i] is 'e' or 'E' && i + 1 < span.Length
            && (char.IsAsciiDigit(span[i + 1]) || (span[i + 1] is '+' or '-' && i + 2 < span.Length && char.IsAsciiDigit(span[i + 2]))))
        {
            i += 2;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }
        }

        if (!decimal.TryParse(span[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        var rest = span[i..].TrimStart();
        foreach (var c in rest)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        unit = rest.ToString();
        return true;
    }

    /// <summary>number × scale truncated toward zero, or false when it does not fit a long.</summary>
    public static bool TryScale(decimal number, decimal scale, out long result)
    {
        result = 0;
        if (scale > 1 && decimal.Abs(number) > decimal.MaxValue / scale)
        {
            return false;
        }

        var scaled = decimal.Truncate(number * scale);
        if (scaled < long.MinValue || scaled > long.MaxValue)
        {
            return false;
        }

        result = (long)scaled;
        return true;
    }
}
