using System.Text.Json;

namespace Sfu.Web.Signaling;

/// <summary>What one payload object of a client frame is (PROTOCOL.md §4.1).</summary>
public enum BusPayloadKind
{
    Response,
    Request,
    Message,
    Invalid,
}

/// <summary>
/// One payload of a client frame. For responses <see cref="Message"/> is the result (Undefined when absent);
/// for requests and messages <see cref="Name"/> and <see cref="Payload"/> come from the bus message.
/// </summary>
public readonly record struct BusPayload(BusPayloadKind Kind, string? Id, string? Name, JsonElement Payload, JsonElement Message, string? Problem)
{
    public static BusPayload Invalid(string problem) => new(BusPayloadKind.Invalid, null, null, default, default, problem);
}

/// <summary>
/// Reads a client frame: a UTF-8 JSON array of payload objects, classified in array order as the replaced
/// server does (§4.1): a truthy <c>responseTo</c> makes a response, else a truthy <c>needResponse</c> a request,
/// else a plain message. A frame that is not a JSON array is refused as a whole; a bad element is reported on its
/// own and the others still count.
/// </summary>
public static class BusFrame
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, out List<BusPayload> payloads, out string? problem)
    {
        payloads = [];
        problem = null;
        JsonElement root;
        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            problem = "frame is not valid JSON: " + e.Message;
            return false;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            problem = $"frame is a JSON {root.ValueKind}, not an array of payloads";
            return false;
        }

        foreach (JsonElement element in root.EnumerateArray())
        {
            payloads.Add(Classify(element));
        }

        return true;
    }

    private static BusPayload Classify(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return BusPayload.Invalid($"payload is a JSON {element.ValueKind}, not an object");
        }

        element.TryGetProperty("message", out JsonElement message);
        if (TryGetId(element, "responseTo", out string? responseTo))
        {
            return new BusPayload(BusPayloadKind.Response, responseTo, null, default, message, null);
        }

        bool isRequest = TryGetId(element, "needResponse", out string? requestId);
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String)
        {
            return BusPayload.Invalid("message has no string name");
        }

        message.TryGetProperty("payload", out JsonElement payload);
        return new BusPayload(isRequest ? BusPayloadKind.Request : BusPayloadKind.Message, requestId, name.GetString(), payload, message, null);
    }

    private static bool TryGetId(JsonElement element, string member, out string? id)
    {
        id = null;
        if (!element.TryGetProperty(member, out JsonElement value))
        {
            return false;
        }

        // Ids are opaque strings echoed verbatim (§4.2); a truthy non-string is still an id to JavaScript.
        id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True => value.GetRawText(),
            _ => null,
        };
        return !string.IsNullOrEmpty(id);
    }
}
