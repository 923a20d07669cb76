namespace Sfu.Transport.Net;

/// <summary>
/// Byte arrays of a few fixed lengths that one worker's long-lived buffers grow by and give back: a retransmission
/// ring (<see cref="Feedback.RetransmissionBuffer"/>) takes a chunk when its stream needs more room and returns one
/// when the stream slows down, its layer goes idle or its producer closes, so that the next ring to grow on this
/// worker reuses it instead of leaving the old one for a full garbage collection to find.
/// <para>
/// Belongs to one thread (a worker loop's): nothing here is synchronized. A chunk handed out again still holds
/// whatever its previous owner wrote. At most <see cref="MaxPooledBytes"/> wait in the pool; what would exceed that
/// is left to the garbage collector.
/// </para>
/// </summary>
public sealed class ChunkPool
{
    private Stack<byte[]>[] _free = [];
    private int[] _lengths = [];

    public ChunkPool(long maxPooledBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPooledBytes);
        MaxPooledBytes = maxPooledBytes;
    }

    public long MaxPooledBytes { get; }

    /// <summary>Bytes of the chunks waiting in the pool now.</summary>
    public long PooledBytes { get; private set; }

    /// <summary>Chunks made because none of their length was waiting: what the pool could not save.</summary>
    public long Allocated { get; private set; }

    /// <summary>A chunk of exactly <paramref name="length"/> bytes: one given back earlier, or a new one.</summary>
    public byte[] Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        int index = Array.IndexOf(_lengths, length);
        if (index >= 0 && _free[index].TryPop(out byte[]? chunk))
        {
            PooledBytes -= length;
            return chunk;
        }

        Allocated++;
        return new byte[length];
    }

    /// <summary>Takes a chunk back for the next <see cref="Rent"/> of its length; the caller must not touch it again.</summary>
    public void Return(byte[] chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Length == 0 || PooledBytes + chunk.Length > MaxPooledBytes)
        {
            return;
        }

        int index = Array.IndexOf(_lengths, chunk.Length);
        if (index < 0)
        {
            // A pool serves the one or two chunk sizes of its worker's buffers: a new length is a rare event.
            index = _lengths.Length;
            Array.Resize(ref _lengths, index + 1);
            Array.Resize(ref _free, index + 1);
            _lengths[index] = chunk.Length;
            _free[index] = new Stack<byte[]>();
        }

        _free[index].Push(chunk);
        PooledBytes += chunk.Length;
    }
}
