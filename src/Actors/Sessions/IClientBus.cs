using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sfu.Actors.Sessions;

/// <summary>
/// The server's end of one client's WebSocket bus (PROTOCOL.md §4): the session actor sends messages and
/// requests through it, and the socket layer hands the client's frames to the session as messages.
/// Implementations are safe to call from any thread.
/// </summary>
public interface IClientBus
{
    /// <summary>The address the client connected from (forwarded address behind a proxy).</summary>
    string RemoteAddress { get; }

    bool IsOpen { get; }

    /// <summary>Sends a message (<c>{"name", "payload"}</c>), batched unless <paramref name="immediate"/>.</summary>
    void Send(string name, JsonNode? payload, bool immediate = false);

    /// <summary>
    /// Sends a request and completes with the client's result (default when the response has no message).
    /// Faults with <see cref="TimeoutException"/> after <paramref name="timeout"/>, or with
    /// <see cref="BusClosedException"/> when the socket closes first.
    /// </summary>
    Task<JsonElement> RequestAsync(string name, JsonNode? payload, TimeSpan timeout, bool immediate = false);

    /// <summary>Answers a client request; <paramref name="result"/> null omits <c>message</c> (§4.1).</summary>
    void Respond(string requestId, JsonNode? result);

    /// <summary>Closes the socket with a close code and no reason text, after the frames already queued.</summary>
    void Close(int closeCode);
}

/// <summary>A request could not complete because the bus closed.</summary>
public sealed class BusClosedException() : Exception("The client's WebSocket closed before the request completed.");
