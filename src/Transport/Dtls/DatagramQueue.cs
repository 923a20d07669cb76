using System.Buffers;
using System.Collections.Concurrent;

namespace Sfu.Transport.Dtls;

/// <summary>
/// A bounded multi-producer queue of datagram copies with a blocking, timed take: the socket thread pushes,
/// BouncyCastle's blocking receive waits on a semaphore (no polling). Full means drop: DTLS retransmits, and a
/// flooded endpoint must not grow without bound. Buffers come from <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
internal sealed class DatagramQueue
{
    /// <summary>What <see cref="Take"/> returns when nothing arrived within the wait.</summary>
    public const int TimedOut = -1;

    /// <summary>What <see cref="Take"/> returns once the queue is closed.</summary>
    public const int QueueClosed = -2;

    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _items = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _closed = new();
    private readonly int _capacity;
    private int _count;
    private int _isClosed;

    public DatagramQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => Volatile.Read(ref _count);

    public bool IsClosed => Volatile.Read(ref _isClosed) != 0;

    /// <summary>
    /// Copies <paramref name="datagram"/> in, lets <paramref name="fixUp"/> edit the copy, and queues it. False
    /// when full or closed (the datagram is dropped).
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, Action<Span<byte>>? fixUp = null)
    {
        if (IsClosed)
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        fixUp?.Invoke(buffer.AsSpan(0, datagram.Length));
        _items.Enqueue((buffer, datagram.Length));
        _available.Release();
        return true;
    }

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> (0 = until something arrives, like a socket receive timeout of
    /// zero) and copies the oldest datagram into <paramref name="destination"/>, truncating it if it does not
    /// fit. Returns the copied length, <see cref="TimedOut"/> or <see cref="QueueClosed"/>.
    /// </summary>
    public int Take(Span<byte> destination, int waitMillis)
    {
        try
        {
            if (!_available.Wait(waitMillis == 0 ? Timeout.Infinite : waitMillis, _closed.Token))
            {
                return TimedOut;
            }
        }
        catch (OperationCanceledException)
        {
            return QueueClosed;
        }

        // The semaphore counts queued items, so an item is there unless Close emptied the queue meanwhile.
        if (!_items.TryDequeue(out (byte[] Buffer, int Length) item))
        {
            return QueueClosed;
        }

        Interlocked.Decrement(ref _count);
        int copied = Math.Min(item.Length, destination.Length);
        item.Buffer.AsSpan(0, copied).CopyTo(destination);
        ArrayPool<byte>.Shared.Return(item.Buffer);
        return copied;
    }

    /// <summary>Wakes every waiting <see cref="Take"/>, refuses further datagrams and returns queued buffers.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        _closed.Cancel();
        while (_items.TryDequeue(out (byte[] Buffer, int Length) item))
        {
            Interlocked.Decrement(ref _count);
            ArrayPool<byte>.Shared.Return(item.Buffer);
        }
    }
}
