using System.Globalization;
using System.Text.Json;

namespace Sfu.Actors.Auth;

/// <summary>
/// JavaScript's notions of truthiness and numeric coercion, applied to JSON values. The replaced server decides
/// many things with them (a falsy <c>iss</c> is refused, a numeric string <c>exp</c> compares as a number),
/// and clients depend on the outcomes (PROTOCOL.md §2.4, §5.4).
/// </summary>
public static class JsTruthiness
{
    public static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.Number => value.GetDouble() is var d && d != 0 && !double.IsNaN(d),
        JsonValueKind.String => value.GetString()!.Length > 0,
        _ => true,
    };

    /// <summary>True when the object has the member and its value is truthy.</summary>
    public static bool IsTruthyMember(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement v) && IsTruthy(v);

    /// <summary>JavaScript's ToNumber (ECMA-262 §7.1.4) for the JSON kinds; NaN where JavaScript gives NaN.</summary>
    public static double ToNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => 1,
        JsonValueKind.False or JsonValueKind.Null => 0,
        JsonValueKind.String => StringToNumber(value.GetString()!),
        // An array converts through its joined text: [] is 0, [x] is x, longer arrays are NaN.
        JsonValueKind.Array => value.GetArrayLength() switch
        {
            0 => 0,
            1 => value[0].ValueKind is JsonValueKind.Object or JsonValueKind.Array ? double.NaN : ToNumber(value[0]),
            _ => double.NaN,
        },
        _ => double.NaN,
    };

    private static double StringToNumber(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return 0;
        }

        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex)
                ? hex
                : double.NaN;
        }

        return trimmed switch
        {
            "Infinity" or "+Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : double.NaN,
        };
    }
}
