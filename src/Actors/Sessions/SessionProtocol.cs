using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sfu.Actors.Sessions;

/// <summary>A plain message from the client's bus (§4.1): handled, never answered.</summary>
public sealed record ClientMessage(string Name, JsonElement Payload);

/// <summary>A request from the client's bus; answered through the bus with the same id, or not at all on failure.</summary>
public sealed record ClientRequest(string RequestId, string Name, JsonElement Payload);

/// <summary>The client's socket closed or failed.</summary>
public sealed record ClientSocketClosed(bool Failed);

/// <summary>The channel closes this session; the session answers <see cref="SessionClosed"/> when done.</summary>
public sealed record CloseSession(CloseReason Reason);

public sealed record SessionClosed(SessionId Id);

/// <summary>The channel asks the session to pass a server message to its client (batched).</summary>
public sealed record DeliverToClient(string Name, JsonNode Payload);

/// <summary>Ask: the session's contribution to the statistics.</summary>
public sealed record GetSessionStats
{
    public static readonly GetSessionStats Instance = new();
}

/// <summary>Incoming bitrates in bit/s of the session's producers (first active stream of each, §1.6).</summary>
public sealed record SessionStats(SessionId Id, long AudioBitrate, long CameraBitrate, long ScreenBitrate);
