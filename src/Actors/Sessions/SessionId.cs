using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sfu.Actors.Sessions;

/// <summary>
/// A participant's identity inside a channel: the <c>session_id</c> claim, a JSON number or a JSON string.
/// The kind matters: session <c>5</c> and session <c>"5"</c> are two sessions, and the id is echoed back with
/// its original kind (PROTOCOL.md §0.3, quirk Q30).
/// </summary>
public readonly record struct SessionId(bool IsNumber, string Text)
{
    /// <summary>Reads an id from a JSON value; false for kinds other than number and string.</summary>
    public static bool TryFrom(JsonElement value, out SessionId id)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                id = new SessionId(false, value.GetString()!);
                return true;
            case JsonValueKind.Number:
                id = new SessionId(true, CanonicalNumber(value));
                return true;
            default:
                id = default;
                return false;
        }
    }

    public static SessionId FromNumber(long number) => new(true, number.ToString(CultureInfo.InvariantCulture));

    public static SessionId FromString(string text) => new(false, text);

    /// <summary>The id as the JSON value the client gave.</summary>
    public JsonNode ToJson() => IsNumber ? JsonNode.Parse(Text)! : JsonValue.Create(Text);

    /// <summary>The id as a JSON object key, as JavaScript converts it (number 5 becomes "5").</summary>
    public string ObjectKey => Text;

    public override string ToString() => IsNumber ? Text : "\"" + Text + "\"";

    private static string CanonicalNumber(JsonElement value)
    {
        // JavaScript keeps numbers as doubles, so 5, 5.0 and 5e0 are one session; integers print without a dot.
        if (value.TryGetInt64(out long integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        double d = value.GetDouble();
        return d == Math.Floor(d) && Math.Abs(d) < 1e15
            ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture);
    }
}
