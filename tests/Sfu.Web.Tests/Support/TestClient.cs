using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sfu.Web.Tests.Support;

/// <summary>A WebSocket client speaking the Odoo bus, for integration tests over real sockets.</summary>
public sealed class TestClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly WebSocket _socket;
    private Task<Frame>? _pendingReceive;

    private TestClient(WebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<TestClient> ConnectAsync(Uri address)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(address, CancellationToken.None);
        return new TestClient(socket);
    }

    /// <summary>A client over a WebSocket that is already open (the client end of a socket pair).</summary>
    public static TestClient Over(WebSocket socket) => new(socket);

    public Task AuthenticateAsync(string channelUuid, string jwt) =>
        SendTextAsync(JsonSerializer.Serialize(new { channelUUID = channelUuid, jwt }));

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBytesAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Binary) =>
        _socket.SendAsync(bytes, type, true, CancellationToken.None);

    /// <summary>Sends a bus message (batched kind on the client side, here sent at once).</summary>
    public Task SendMessageAsync(string name, object? payload = null) =>
        SendTextAsync(JsonSerializer.Serialize(new[] { new { message = new { name, payload } } }));

    public Task SendRequestAsync(string id, string name, object? payload = null) =>
        SendTextAsync(JsonSerializer.Serialize(new[] { new { message = new { name, payload }, needResponse = id } }));

    public Task RespondAsync(string requestId) =>
        SendTextAsync(JsonSerializer.Serialize(new[] { new { responseTo = requestId } }));

    /// <summary>
    /// The next frame or the close, within the timeout. A timeout leaves the socket open and the read pending, so
    /// the frame still arrives at the next call (cancelling a WebSocket read would abort the socket).
    /// </summary>
    public async Task<Frame> ReceiveAsync(TimeSpan? timeout = null)
    {
        _pendingReceive ??= ReadFrameAsync();
        try
        {
            Frame frame = await _pendingReceive.WaitAsync(timeout ?? DefaultTimeout);
            _pendingReceive = null;
            return frame;
        }
        catch (TimeoutException)
        {
            return Frame.None;
        }
    }

    private async Task<Frame> ReadFrameAsync()
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[16384];
        try
        {
            while (true)
            {
                WebSocketReceiveResult result = await _socket.ReceiveAsync(chunk, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return Frame.Closed((int?)result.CloseStatus ?? 1005);
                }

                buffer.Write(chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Frame.Text(Encoding.UTF8.GetString(buffer.ToArray()));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            return Frame.Closed(1006);
        }
    }

    /// <summary>Reads bus payloads until one is a message with that name; others are skipped.</summary>
    public async Task<JsonElement> ExpectMessageAsync(string name, TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            Frame frame = await ReceiveAsync(deadline - DateTime.UtcNow);
            frame.Kind.Should().Be(FrameKind.Text, $"a {name} message was expected");
            foreach (JsonElement payload in JsonDocument.Parse(frame.Content!).RootElement.EnumerateArray())
            {
                if (payload.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.Object
                    && message.TryGetProperty("name", out JsonElement n) && n.GetString() == name)
                {
                    return payload.Clone();
                }
            }
        }

        throw new TimeoutException($"no {name} message arrived");
    }

    /// <summary>Reads until the server closes; returns its close code.</summary>
    public async Task<int> ExpectCloseAsync(TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            Frame frame = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (frame.Kind == FrameKind.Closed)
            {
                return frame.CloseCode;
            }

            if (frame.Kind == FrameKind.None)
            {
                break;
            }
        }

        throw new TimeoutException("the server did not close the socket");
    }

    /// <summary>Asserts that nothing but PINGs arrives for a while.</summary>
    public async Task ExpectNothingAsync(TimeSpan? duration = null)
    {
        Frame frame = await ReceiveAsync(duration ?? TimeSpan.FromMilliseconds(500));
        frame.Should().Be(Frame.None);
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // Already gone.
        }

        _socket.Dispose();
    }

    public enum FrameKind
    {
        None,
        Text,
        Closed,
    }

    public readonly record struct Frame(FrameKind Kind, string? Content, int CloseCode)
    {
        public static readonly Frame None = new(FrameKind.None, null, 0);

        public static Frame Text(string content) => new(FrameKind.Text, content, 0);

        public static Frame Closed(int code) => new(FrameKind.Closed, null, code);
    }
}
