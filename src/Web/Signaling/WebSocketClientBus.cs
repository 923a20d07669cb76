using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sfu.Actors.Sessions;

namespace Sfu.Web.Signaling;

/// <summary>
/// The server side of one client's bus over its WebSocket (PROTOCOL.md §4): request ids, pending requests with
/// timeouts, leading-edge batching, and one writer loop so that frames leave in the order they were queued.
/// A client that reads too slowly to drain <c>maxPendingFrames</c> is disconnected rather than buffered forever.
/// </summary>
public sealed class WebSocketClientBus : IClientBus, IAsyncDisposable
{
    private static int s_busCount = -1;

    private readonly WebSocket _socket;
    private readonly TimeProvider _time;
    private readonly TimeSpan _batchDelay;
    private readonly ILogger _log;
    private readonly Channel<Outgoing> _outgoing;
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new();
    private readonly Lock _batchLock = new();
    private readonly List<JsonNode> _batch = [];
    private readonly int _busNumber = Interlocked.Increment(ref s_busCount);
    private readonly Task _writer;
    private ITimer? _batchTimer;
    private bool _windowOpen;
    private int _requestCount = -1;
    private int _closed;

    public WebSocketClientBus(WebSocket socket, string remoteAddress, TimeSpan batchDelay, int maxPendingFrames, TimeProvider time, ILogger log)
    {
        _socket = socket;
        RemoteAddress = remoteAddress;
        _batchDelay = batchDelay;
        _time = time;
        _log = log;
        _outgoing = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(maxPendingFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    public string RemoteAddress { get; }

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Completes when the writer has sent the close frame or the socket failed.</summary>
    public Task Completion => _writer;

    /// <summary>Sends the empty acknowledgement that must be the very first frame after authentication (§3.2).</summary>
    public void SendAcknowledgement() => Enqueue(new Outgoing(string.Empty, null));

    public void Send(string name, JsonNode? payload, bool immediate = false) =>
        SendPayload(new JsonObject { ["message"] = BusMessage(name, payload) }, immediate);

    public Task<JsonElement> RequestAsync(string name, JsonNode? payload, TimeSpan timeout, bool immediate = false)
    {
        string id = $"s_{_busNumber}_{Interlocked.Increment(ref _requestCount)}";
        var pending = new PendingRequest(id);
        if (!IsOpen)
        {
            return Task.FromException<JsonElement>(new BusClosedException());
        }

        _pending[id] = pending;
        pending.Timer = _time.CreateTimer(_ => TimeOut(pending, name, timeout), null, timeout, Timeout.InfiniteTimeSpan);
        SendPayload(new JsonObject { ["message"] = BusMessage(name, payload), ["needResponse"] = id }, immediate);
        return pending.Completion.Task;
    }

    public void Respond(string requestId, JsonNode? result)
    {
        var response = new JsonObject();
        if (result is not null)
        {
            response["message"] = result;
        }

        response["responseTo"] = requestId;
        SendPayload(response, immediate: true);
    }

    /// <summary>Resolves one of our requests with the client's response; unknown or late ids are ignored (R37).</summary>
    public void ResolveResponse(string requestId, JsonElement message)
    {
        if (_pending.TryRemove(requestId, out PendingRequest? pending))
        {
            pending.Timer?.Dispose();
            pending.Completion.TrySetResult(message);
        }
    }

    public void Close(int closeCode)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        FailPendingRequests();
        _outgoing.Writer.TryWrite(new Outgoing(null, closeCode));
        _outgoing.Writer.TryComplete();
    }

    /// <summary>The client's socket is gone: nothing more can be sent, pending requests fail at once (§4.4).</summary>
    public void MarkSocketGone()
    {
        Interlocked.Exchange(ref _closed, 1);
        FailPendingRequests();
        _outgoing.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        MarkSocketGone();
        lock (_batchLock)
        {
            _batchTimer?.Dispose();
        }

        await _writer.ConfigureAwait(false);
    }

    private static JsonObject BusMessage(string name, JsonNode? payload)
    {
        var message = new JsonObject { ["name"] = name };
        if (payload is not null)
        {
            message["payload"] = payload;
        }

        return message;
    }

    private void SendPayload(JsonObject payload, bool immediate)
    {
        if (immediate)
        {
            SendNow(payload);
            return;
        }

        // Leading-edge batching (§4.3): the first payload leaves at once and opens a window; what arrives while it
        // is open leaves together when it closes, in order.
        lock (_batchLock)
        {
            if (_windowOpen)
            {
                _batch.Add(payload);
                return;
            }

            _windowOpen = true;
            _batchTimer ??= _time.CreateTimer(static state => ((WebSocketClientBus)state!).FlushBatch(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _batchTimer.Change(_batchDelay, Timeout.InfiniteTimeSpan);
            Enqueue(new Outgoing(new JsonArray(payload).ToJsonString(), null));
        }
    }

    /// <summary>
    /// An immediate payload leaves at once, together with whatever the open window has gathered, ahead of it: unlike
    /// upstream (§4.3) it never overtakes a batched payload queued before it, and the window stays open.
    /// </summary>
    private void SendNow(JsonObject payload)
    {
        lock (_batchLock)
        {
            if (_batch.Count == 0)
            {
                Enqueue(new Outgoing(new JsonArray(payload).ToJsonString(), null));
                return;
            }

            var frame = new JsonArray();
            foreach (JsonNode queued in _batch)
            {
                frame.Add(queued);
            }

            _batch.Clear();
            frame.Add(payload);
            Enqueue(new Outgoing(frame.ToJsonString(), null));
        }
    }

    private void FlushBatch()
    {
        lock (_batchLock)
        {
            if (_batch.Count > 0)
            {
                var frame = new JsonArray();
                foreach (JsonNode payload in _batch)
                {
                    frame.Add(payload);
                }

                _batch.Clear();
                Enqueue(new Outgoing(frame.ToJsonString(), null));
            }

            _windowOpen = false;
        }
    }

    private void Enqueue(Outgoing frame)
    {
        if (!IsOpen)
        {
            return;
        }

        if (!_outgoing.Writer.TryWrite(frame))
        {
            _log.LogWarning("Client at {RemoteAddress} does not read its frames ({Count} queued); closing its socket", RemoteAddress, _outgoing.Reader.Count);
            Close(CloseCodes.Error);
        }
    }

    private void TimeOut(PendingRequest request, string name, TimeSpan after)
    {
        if (_pending.TryRemove(request.Id, out _))
        {
            request.Timer?.Dispose();
            request.Completion.TrySetException(new TimeoutException($"{name} request {request.Id} got no response within {after.TotalMilliseconds} ms"));
        }
    }

    private void FailPendingRequests()
    {
        foreach (string id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out PendingRequest? pending))
            {
                pending.Timer?.Dispose();
                pending.Completion.TrySetException(new BusClosedException());
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (Outgoing frame in _outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (frame.CloseCode is int code)
                {
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, null, timeout.Token).ConfigureAwait(false);
                    }

                    return;
                }

                if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
                {
                    return;
                }

                byte[] bytes = Encoding.UTF8.GetBytes(frame.Text!);
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _log.LogDebug("Writing to the client at {RemoteAddress} stopped: {Reason}", RemoteAddress, e.Message);
        }
        finally
        {
            MarkSocketGone();
        }
    }

    private sealed record Outgoing(string? Text, int? CloseCode);

    private sealed class PendingRequest(string id)
    {
        public string Id { get; } = id;

        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITimer? Timer { get; set; }
    }
}
