using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Auth;

namespace Sfu.Actors.Sessions;

/// <summary>
/// The six optional flags a participant publishes about itself (PROTOCOL.md §5.4). Unset flags are absent from
/// the JSON. Values are kept as JSON because <c>PRODUCTION_CHANGE</c> stores the client's raw value (quirk Q16)
/// while <c>C_INFO_CHANGE</c> stores real booleans.
/// </summary>
public sealed class SessionInfo
{
    public static readonly IReadOnlyList<string> FieldNames =
        ["isRaisingHand", "isSelfMuted", "isTalking", "isDeaf", "isCameraOn", "isScreenSharingOn"];

    private static readonly JsonElement True = JsonDocument.Parse("true").RootElement.Clone();
    private static readonly JsonElement False = JsonDocument.Parse("false").RootElement.Clone();

    // Undefined (default) marks an unset field.
    private readonly JsonElement[] _values = new JsonElement[FieldNames.Count];

    public bool IsCameraOn => IsTruthy("isCameraOn");

    public bool IsScreenSharingOn => IsTruthy("isScreenSharingOn");

    /// <summary>Applies a <c>C_INFO_CHANGE</c> info object: known names get JavaScript's <c>Boolean(value)</c>, others are ignored.</summary>
    public void ApplyClientInfo(JsonElement info)
    {
        if (info.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty property in info.EnumerateObject())
        {
            int index = IndexOf(property.Name);
            if (index >= 0)
            {
                _values[index] = JsTruthiness.IsTruthy(property.Value) ? True : False;
            }
        }
    }

    /// <summary>Stores a value exactly as received (the <c>active</c> of <c>PRODUCTION_CHANGE</c>).</summary>
    public void SetRaw(string name, JsonElement value)
    {
        int index = IndexOf(name);
        if (index >= 0)
        {
            _values[index] = value.Clone();
        }
    }

    public void SetBoolean(string name, bool value)
    {
        int index = IndexOf(name);
        if (index >= 0)
        {
            _values[index] = value ? True : False;
        }
    }

    /// <summary>The info as JSON, set members only (<c>{}</c> when nothing is set).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        for (int i = 0; i < FieldNames.Count; i++)
        {
            if (_values[i].ValueKind != JsonValueKind.Undefined)
            {
                json[FieldNames[i]] = JsonSerializer.SerializeToNode(_values[i]);
            }
        }

        return json;
    }

    public SessionInfo Clone()
    {
        var copy = new SessionInfo();
        for (int i = 0; i < FieldNames.Count; i++)
        {
            copy._values[i] = _values[i];
        }

        return copy;
    }

    private bool IsTruthy(string name) => JsTruthiness.IsTruthy(_values[IndexOf(name)]);

    private static int IndexOf(string name)
    {
        for (int i = 0; i < FieldNames.Count; i++)
        {
            if (string.Equals(FieldNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
