using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sfu.Load.Signaling;

/// <summary>
/// A participant's end of the Odoo signaling (PROTOCOL.md §3–§4) over a real WebSocket: the first-frame
/// authentication, then JSON-array frames carrying messages, requests and responses. Server requests are handed to
/// <see cref="RequestHandler"/> concurrently, as the browser client does, so that our own requests can be answered
/// while one of the server's is pending (§4.6). Everything is sent immediately (no batching): a load generator wants
/// the server's behaviour, not the client's delays.
/// </summary>
public sealed class SignalingClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>From opening the WebSocket to the server's acknowledgement of the authentication.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static int s_busNumber = -1;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement?>> _pending = new();
    private readonly TaskCompletionSource<int?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _busNumber = Interlocked.Increment(ref s_busNumber);
    private int _requestNumber = -1;
    private Task _receiveLoop = Task.CompletedTask;

    private SignalingClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Answers a server request (INIT_TRANSPORTS, INIT_CONSUMER, PING); null means an empty response.</summary>
    public Func<string, JsonElement?, Task<JsonNode?>>? RequestHandler { get; set; }

    /// <summary>A plain server message (BROADCAST, SESSION_LEAVE, S_INFO_CHANGE): name and payload.</summary>
    public event Action<string, JsonElement?>? MessageReceived;

    /// <summary>Completes with the close code when the socket closes (null when it closed without one).</summary>
    public Task<int?> Closed => _closed.Task;

    /// <summary>
    /// Opens the WebSocket, authenticates with <c>{channelUUID, jwt}</c> and waits for the empty acknowledgement.
    /// Throws <see cref="SignalingException"/> with the close code when the server refuses.
    /// </summary>
    public static async Task<SignalingClient> ConnectAsync(
        Uri server,
        string channelUuid,
        string jwt,
        Func<string, JsonElement?, Task<JsonNode?>>? requestHandler = null,
        CancellationToken cancellation = default)
    {
        var socket = new ClientWebSocket();
        var webSocketUri = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws" }.Uri;
        // A server that never answers must fail the join, not hang the run.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(ConnectTimeout);
        var client = new SignalingClient(socket) { RequestHandler = requestHandler };
        WebSocketReceiveResult ack;
        try
        {
            await socket.ConnectAsync(webSocketUri, deadline.Token).ConfigureAwait(false);
            string auth = JsonSerializer.Serialize(new { channelUUID = channelUuid, jwt });
            await client.SendTextAsync(auth, deadline.Token).ConfigureAwait(false);
            ack = await socket.ReceiveAsync(new byte[1024], deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SignalingException($"the server did not accept the session within {ConnectTimeout.TotalSeconds} s", null);
        }

        if (ack.MessageType == WebSocketMessageType.Close)
        {
            int? code = (int?)socket.CloseStatus;
            socket.Dispose();
            throw new SignalingException($"the server refused the session (close code {code})", code);
        }

        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    /// <summary>Sends a request and waits for its response's <c>message</c> (null when the response had none).</summary>
    public async Task<JsonElement?> RequestAsync(string name, object? payload = null, TimeSpan? timeout = null)
    {
        string id = $"c_{_busNumber}_{Interlocked.Increment(ref _requestNumber)}";
        var response = new TaskCompletionSource<JsonElement?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        try
        {
            await SendPayloadAsync(new JsonObject { ["message"] = Message(name, payload), ["needResponse"] = id }).ConfigureAwait(false);
            return await response.Task.WaitAsync(timeout ?? DefaultTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new SignalingException($"{name} got no response within {(timeout ?? DefaultTimeout).TotalSeconds} s", null);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public Task SendMessageAsync(string name, object? payload = null) =>
        SendPayloadAsync(new JsonObject { ["message"] = Message(name, payload) });

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var deadline = new CancellationTokenSource(DefaultTimeout);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Closed by the other side meanwhile, or a socket too stuck to close: leaving goes on regardless.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private static JsonNode Message(string name, object? payload)
    {
        var message = new JsonObject { ["name"] = name };
        if (payload is not null)
        {
            message["payload"] = payload as JsonNode ?? JsonSerializer.SerializeToNode(payload);
        }

        return message;
    }

    private Task SendPayloadAsync(JsonObject payload) => SendTextAsync(new JsonArray(payload).ToJsonString(), CancellationToken.None);

    private async Task SendTextAsync(string text, CancellationToken cancellation)
    {
        await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var frame = new MemoryStream();
        try
        {
            while (true)
            {
                WebSocketReceiveResult result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                try
                {
                    Dispatch(frame.ToArray());
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
                {
                    // A frame that is not the bus's JSON array of payloads: nothing in it can be answered.
                }

                frame.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The socket went away: the close code (if any) is all there is to report.
        }
        finally
        {
            _closed.TrySetResult((int?)_socket.CloseStatus);
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new SignalingException("the socket closed", (int?)_socket.CloseStatus));
            }
        }
    }

    /// <summary>Classifies each payload of a frame as response, request or message (§4.1).</summary>
    private void Dispatch(byte[] frame)
    {
        using JsonDocument document = JsonDocument.Parse(frame);
        foreach (JsonElement payload in document.RootElement.EnumerateArray())
        {
            JsonElement? message = payload.TryGetProperty("message", out JsonElement m) ? m.Clone() : null;
            if (payload.TryGetProperty("responseTo", out JsonElement responseTo))
            {
                if (_pending.TryRemove(responseTo.GetString()!, out var pending))
                {
                    pending.TrySetResult(message);
                }
            }
            else if (payload.TryGetProperty("needResponse", out JsonElement needResponse))
            {
                _ = AnswerAsync(needResponse.GetString()!, message);
            }
            else if (message is { } plain)
            {
                MessageReceived?.Invoke(plain.GetProperty("name").GetString()!, PayloadOf(plain));
            }
        }
    }

    private async Task AnswerAsync(string requestId, JsonElement? message)
    {
        string name = message?.GetProperty("name").GetString() ?? string.Empty;
        JsonNode? result = null;
        if (RequestHandler is { } handler)
        {
            try
            {
                result = await handler(name, message is { } m ? PayloadOf(m) : null).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // As in the browser client: a request the participant cannot handle gets no response (§4.1).
                return;
            }
        }

        var response = new JsonObject { ["responseTo"] = requestId };
        if (result is not null)
        {
            response["message"] = result;
        }

        try
        {
            await SendPayloadAsync(response).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException)
        {
            // Closed meanwhile.
        }
    }

    private static JsonElement? PayloadOf(JsonElement message) =>
        message.TryGetProperty("payload", out JsonElement payload) ? payload.Clone() : null;
}
