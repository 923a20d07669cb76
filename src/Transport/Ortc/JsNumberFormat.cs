using System.Globalization;
using System.Text;

namespace Sfu.Transport.Ortc;

/// <summary>
/// Writes a double the way JavaScript's Number.prototype.toString (and so JSON.stringify) does (ECMA-262
/// §6.1.6.1.20 Number::toString): shortest round-trip digits, plain notation for exponents in [-6, 21), "1e+21"
/// style otherwise, and "0" for negative zero. mediasoup echoes client numbers through JSON.stringify, so 4e6 must
/// come back as 4000000 and 1.50 as 1.5.
/// </summary>
public static class JsNumberFormat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            // JSON.stringify writes null for them; JSON input can never produce them.
            return "null";
        }

        if (value == 0)
        {
            return "0";
        }

        if (value < 0)
        {
            return "-" + Format(-value);
        }

        (string digits, int n) = ShortestDigits(value);
        int k = digits.Length;
        var text = new StringBuilder();
        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            int exponent = n - 1;
            text.Append('e').Append(exponent >= 0 ? '+' : '-').Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The shortest digit string s and the exponent n with value = 0.s × 10^n (ECMA-262's k, n, s).</summary>
    private static (string Digits, int N) ShortestDigits(double value)
    {
        // .NET Core 3.0+ "R" yields the shortest string that round-trips, possibly in E notation.
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string integerPart = dot < 0 ? text : text[..dot];
        string fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        string digits = integerPart + fraction;
        int n = integerPart.Length + exponent;
        int leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        return (digits, n - leadingZeros);
    }
}
