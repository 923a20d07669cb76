namespace Sfu.Transport.Forwarding;

/// <summary>
/// Bytes per second of a stream over the last second, kept in ten 100 ms buckets so that old traffic leaves the
/// window in steps and nothing is allocated per packet. Time is the caller's, in milliseconds, never read here.
/// </summary>
public sealed class RateCalculator
{
    public const int WindowMilliseconds = 1000;
    public const int BucketMilliseconds = 100;
    private const int BucketCount = WindowMilliseconds / BucketMilliseconds;

    private readonly long[] _bytes = new long[BucketCount];
    private long _newestBucket = long.MinValue;
    private long _totalBytes;

    /// <summary>Counts <paramref name="bytes"/> received at <paramref name="nowMilliseconds"/>.</summary>
    public void Update(int bytes, long nowMilliseconds)
    {
        Advance(nowMilliseconds);
        long bucket = BucketOf(nowMilliseconds);
        if (bucket <= _newestBucket - BucketCount)
        {
            // Older than the window (a clock going backwards): it would not count anyway.
            return;
        }

        _bytes[Index(bucket)] += bytes;
        _totalBytes += bytes;
    }

    /// <summary>Bits per second over the window ending at <paramref name="nowMilliseconds"/>.</summary>
    public long GetBitrate(long nowMilliseconds)
    {
        Advance(nowMilliseconds);
        return _totalBytes * 8 * 1000 / WindowMilliseconds;
    }

    private static long BucketOf(long milliseconds) =>
        milliseconds >= 0 ? milliseconds / BucketMilliseconds : ((milliseconds + 1) / BucketMilliseconds) - 1;

    private static int Index(long bucket) => (int)(((bucket % BucketCount) + BucketCount) % BucketCount);

    /// <summary>Empties the buckets that fell out of the window as the newest bucket moves to now.</summary>
    private void Advance(long nowMilliseconds)
    {
        long bucket = BucketOf(nowMilliseconds);
        if (_newestBucket == long.MinValue || bucket - _newestBucket >= BucketCount)
        {
            Array.Clear(_bytes);
            _totalBytes = 0;
            _newestBucket = bucket;
            return;
        }

        for (long next = _newestBucket + 1; next <= bucket; next++)
        {
            int index = Index(next);
            _totalBytes -= _bytes[index];
            _bytes[index] = 0;
        }

        if (bucket > _newestBucket)
        {
            _newestBucket = bucket;
        }
    }
}
