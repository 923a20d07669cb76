using System.Buffers;
using System.Net.WebSockets;

namespace Sfu.Web.Signaling;

/// <summary>What reading one WebSocket message gave.</summary>
public enum FrameOutcome
{
    Frame,
    Closed,
    TooLarge,
    Failed,
    TimedOut,
}

/// <summary>
/// Reads whole WebSocket messages (text or binary alike, §3.1) up to a size limit, so that one client cannot make
/// the server buffer without bound (RFC 6455 §10.4).
/// </summary>
public sealed class FrameReader(WebSocket socket, long maxBytes)
{
    private readonly ArrayBufferWriter<byte> _message = new(4096);

    /// <summary>The last message read; valid until the next read.</summary>
    public ReadOnlySpan<byte> Message => _message.WrittenSpan;

    /// <summary>The code of the client's close frame, once one was read.</summary>
    public WebSocketCloseStatus? CloseStatus => socket.CloseStatus;

    public async Task<FrameOutcome> ReadAsync(CancellationToken cancellation)
    {
        _message.ResetWrittenCount();
        try
        {
            while (true)
            {
                Memory<byte> space = _message.GetMemory(4096);
                ValueWebSocketReceiveResult result = await socket.ReceiveAsync(space, cancellation).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return FrameOutcome.Closed;
                }

                _message.Advance(result.Count);
                if (_message.WrittenCount > maxBytes)
                {
                    return FrameOutcome.TooLarge;
                }

                if (result.EndOfMessage)
                {
                    return FrameOutcome.Frame;
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return FrameOutcome.TimedOut;
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            return FrameOutcome.Failed;
        }
    }
}
