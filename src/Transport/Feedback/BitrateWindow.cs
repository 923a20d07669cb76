namespace Sfu.Transport.Feedback;

/// <summary>
/// Bytes counted over the last second in ten 100 ms buckets, read as bits per second. Buckets are reused
/// in place as time moves on, so counting allocates nothing.
/// </summary>
public sealed class BitrateWindow
{
    public const int WindowMilliseconds = 1000;
    private const int BucketCount = 10;
    private const int BucketMilliseconds = WindowMilliseconds / BucketCount;

    private readonly long[] _bytes = new long[BucketCount];
    private long _newestBucket = long.MinValue;
    private long _total;

    public void Add(int bytes, long nowMs)
    {
        Advance(nowMs);
        _bytes[IndexOf(FloorBucket(nowMs))] += bytes;
        _total += bytes;
    }

    /// <summary>Bits per second over the last <see cref="WindowMilliseconds"/>.</summary>
    public long GetBitrate(long nowMs)
    {
        Advance(nowMs);
        return _total * 8 * 1000 / WindowMilliseconds;
    }

    public void Reset()
    {
        Array.Clear(_bytes);
        _total = 0;
        _newestBucket = long.MinValue;
    }

    private void Advance(long nowMs)
    {
        long bucket = FloorBucket(nowMs);
        if (_newestBucket == long.MinValue || bucket - _newestBucket >= BucketCount)
        {
            Array.Clear(_bytes);
            _total = 0;
            _newestBucket = bucket;
            return;
        }

        // A clock that steps back is treated as "no time passed" so counts are never lost or doubled.
        while (_newestBucket < bucket)
        {
            _newestBucket++;
            int index = IndexOf(_newestBucket);
            _total -= _bytes[index];
            _bytes[index] = 0;
        }
    }

    private static int IndexOf(long bucket) => (int)(((bucket % BucketCount) + BucketCount) % BucketCount);

    private static long FloorBucket(long ms) => ms >= 0 ? ms / BucketMilliseconds : (ms - BucketMilliseconds + 1) / BucketMilliseconds;
}
