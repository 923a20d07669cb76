using System.Text.Json;

namespace Sfu.Transport.Ortc;

/// <summary>
/// JavaScript's view of a parsed JSON value, which the validation rules of mediasoup are written against: a missing
/// member is <c>undefined</c> (<see cref="JsonValueKind.Undefined"/>), truthiness follows ECMA-262 ToBoolean, and a
/// repeated member keeps its last value as JSON.parse does.
/// </summary>
internal static class JsonMembers
{
    public static JsonElement Get(JsonElement obj, string name)
    {
        JsonElement found = default;
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return found;
        }

        foreach (JsonProperty property in obj.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                found = property.Value;
            }
        }

        return found;
    }

    public static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.TryGetDouble(out double number) && number != 0,
        _ => true,
    };

    public static bool IsNumber(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number);

    /// <summary>A number that must also be an integer in [min, max]: the worker stores these in fixed-width fields.</summary>
    public static int Integer(JsonElement value, long min, long max, string error)
    {
        if (!IsNumber(value))
        {
            throw new OrtcException(error);
        }

        double number = value.GetDouble();
        if (number != Math.Floor(number) || number < min || number > max)
        {
            throw new OrtcException(error + " (not an integer in [" + min + ", " + max + "])");
        }

        return (int)(long)number;
    }

    public static uint UnsignedInteger(JsonElement value, string error)
    {
        if (!IsNumber(value))
        {
            throw new OrtcException(error);
        }

        double number = value.GetDouble();
        if (number != Math.Floor(number) || number < 0 || number > uint.MaxValue)
        {
            throw new OrtcException(error + " (not a 32-bit unsigned integer)");
        }

        return (uint)number;
    }

    /// <summary>An optional number member: absent or null gives null, a number its value, anything else an error.</summary>
    public static double? OptionalNumber(JsonElement value, string error)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        return IsNumber(value) ? value.GetDouble() : throw new OrtcException(error);
    }

    /// <summary>An optional boolean member: absent or null gives null, a boolean its value, anything else an error.</summary>
    public static bool? OptionalBoolean(JsonElement value, string error) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new OrtcException(error),
    };

    /// <summary>mediasoup's "x is optional, but if truthy it must be a string" rule; falsy values count as absent.</summary>
    public static string? OptionalTruthyString(JsonElement value, string error)
    {
        if (!IsTruthy(value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new OrtcException(error);
    }

    /// <summary>mediasoup's "mandatory non-empty string" rule (<c>!x || typeof x !== 'string'</c> throws).</summary>
    public static string RequiredString(JsonElement value, string error) =>
        value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0 ? value.GetString()! : throw new OrtcException(error);

    /// <summary>Parses UTF-8 JSON text; malformed text becomes an <see cref="OrtcException"/>.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        // JsonDocument only transcodes strings when they are read, and then throws InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            throw new OrtcException("malformed JSON: invalid UTF-8");
        }

        try
        {
            return JsonDocument.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw new OrtcException("malformed JSON: " + e.Message, e);
        }
    }

    /// <summary>
    /// Runs a reader over a caller-supplied element, turning the InvalidOperationException that JsonElement throws
    /// for strings with invalid UTF-8 into an <see cref="OrtcException"/>: network input yields that type only.
    /// </summary>
    public static T Guard<T>(JsonElement element, Func<JsonElement, T> read)
    {
        try
        {
            return read(element);
        }
        catch (InvalidOperationException e)
        {
            throw new OrtcException("malformed JSON: " + e.Message, e);
        }
    }
}
