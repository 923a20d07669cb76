namespace Sfu.Transport.Forwarding;

/// <summary>
/// Coalesces key frame requests for one producer stream (PROTOCOL §7.2, R87, R97): however many consumers ask,
/// at most one PLI/FIR is outstanding; if no key frame arrives within <see cref="RetryMilliseconds"/> and
/// someone asked again meanwhile, the request is sent again. Time is passed in by the caller (no clock reads),
/// so the behaviour is deterministic.
/// </summary>
public sealed class KeyFrameRequestCoalescer
{
    public const long RetryMilliseconds = 1000;

    private bool _outstanding;
    private bool _askedAgain;
    private long _sentAt;

    /// <summary>A request is on its way and no key frame answered it yet.</summary>
    public bool IsOutstanding => _outstanding;

    /// <summary>
    /// A consumer wants a key frame. Returns true when the caller must send a PLI/FIR now.
    /// </summary>
    public bool Request(long nowMilliseconds)
    {
        if (_outstanding && nowMilliseconds - _sentAt < RetryMilliseconds)
        {
            _askedAgain = true;
            return false;
        }

        // Nothing outstanding, or the outstanding one is overdue: this request goes out.
        _outstanding = true;
        _askedAgain = false;
        _sentAt = nowMilliseconds;
        return true;
    }

    /// <summary>
    /// Called from the worker's timer. Returns true when an unanswered request that was asked for again is due to
    /// be re-sent; an overdue request nobody asked for again is forgotten.
    /// </summary>
    public bool Poll(long nowMilliseconds)
    {
        if (!_outstanding || nowMilliseconds - _sentAt < RetryMilliseconds)
        {
            return false;
        }

        if (_askedAgain)
        {
            _askedAgain = false;
            _sentAt = nowMilliseconds;
            return true;
        }

        _outstanding = false;
        return false;
    }

    /// <summary>A key frame arrived from the producer: whatever was asked is answered.</summary>
    public void OnKeyFrame()
    {
        _outstanding = false;
        _askedAgain = false;
    }
}
