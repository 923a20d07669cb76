using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Receive side of transport-wide congestion control on an upload transport
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3, PROTOCOL.md §7.2, R88): records the transport-wide
/// sequence number and arrival time of every incoming packet and turns them into transport-cc feedback packets,
/// every <see cref="FeedbackIntervalUs"/> or as soon as a feedback packet's worth has gathered.
/// Reordered packets are slotted back into sequence order; a packet arriving after its number was already
/// reported (as lost) is dropped, since the sender has already drawn its conclusion. As mediasoup does, each
/// feedback packet starts with the last arrival of the previous one (the "pre-base"), so that packets lost
/// between two feedback packets are reported as lost rather than never mentioned. Times are microseconds.
/// <para>
/// Only a transport that receives media with the transport-wide-cc extension needs the arrival buffers, so they
/// are allocated at the first such packet: a download transport never pays for them. They start at one feedback
/// packet's worth (<see cref="ArrivalsPerFeedback"/>, more than 100 ms of a 20 Mbit/s upload of 1 000-byte
/// packets) and double, up to <see cref="MaxPendingArrivals"/>, only when the owner lets more pile up between two
/// feedback packets; once grown they stay, so the per-packet path allocates nothing after warm-up.
/// </para>
/// </summary>
public sealed class TransportCcReceiver
{
    /// <summary>PROTOCOL.md §7.2: feedback every 100 ms.</summary>
    public const long FeedbackIntervalUs = 100_000;

    /// <summary>
    /// Arrivals that make a feedback packet due at once. 256 arrivals with two-byte deltas and one chunk per
    /// seven statuses come to about 600 bytes, well inside one datagram.
    /// </summary>
    public const int ArrivalsPerFeedback = 256;

    /// <summary>Arrivals kept waiting at most: past this, the oldest is dropped for the newest.</summary>
    public const int MaxPendingArrivals = 4 * ArrivalsPerFeedback;

    private TransportFeedbackArrival[] _arrivals = [];
    private long[] _extended = [];
    private SequenceNumberUnwrapper _unwrapper;
    private int _count;
    private bool _hasPreBase;
    private long _nextReportable = long.MinValue;
    private long _lastFeedbackUs = long.MinValue;
    private byte _feedbackPacketCount;

    /// <summary>The SSRC written as the media source of feedback packets (browsers ignore it; mediasoup uses a media SSRC).</summary>
    public uint MediaSsrc { get; set; }

    /// <summary>Arrivals waiting for the next feedback packet.</summary>
    public int PendingCount => _hasPreBase ? _count - 1 : _count;

    /// <summary>Arrivals the buffers hold now: 0 until the first packet, then between one feedback packet's worth and <see cref="MaxPendingArrivals"/>.</summary>
    public int CurrentCapacity => _arrivals.Length;

    /// <summary>Packets dropped because their number had already been reported, or because they were repeats.</summary>
    public long IgnoredCount { get; private set; }

    /// <summary>Feedback packets written so far (the wire field is this modulo 256).</summary>
    public long FeedbackPacketsWritten { get; private set; }

    public void OnPacket(ushort transportSequenceNumber, long arrivalUs)
    {
        long extended = _unwrapper.Peek(transportSequenceNumber);
        if (extended < _nextReportable)
        {
            IgnoredCount++;
            return;
        }

        if (!_unwrapper.HasStarted || extended > _unwrapper.Last)
        {
            _unwrapper.Unwrap(transportSequenceNumber);
        }

        if (_lastFeedbackUs == long.MinValue)
        {
            _lastFeedbackUs = arrivalUs;
        }

        if (_count == _arrivals.Length && _count < MaxPendingArrivals)
        {
            Grow();
        }

        if (_count == MaxPendingArrivals)
        {
            // The owner did not write feedback for a long time: keep the newest, the oldest are least useful.
            RemoveFirst(1);
            _hasPreBase = false;
        }

        int index = _count;
        while (index > 0 && _extended[index - 1] > extended)
        {
            index--;
        }

        if (index > 0 && _extended[index - 1] == extended)
        {
            IgnoredCount++;
            return;
        }

        Array.Copy(_arrivals, index, _arrivals, index + 1, _count - index);
        Array.Copy(_extended, index, _extended, index + 1, _count - index);
        _arrivals[index] = new TransportFeedbackArrival(transportSequenceNumber, arrivalUs);
        _extended[index] = extended;
        _count++;
    }

    /// <summary>Whether a feedback packet should be written now: the interval elapsed, or a packet's worth is waiting.</summary>
    public bool IsFeedbackDue(long nowUs) =>
        PendingCount > 0 && (PendingCount >= ArrivalsPerFeedback || nowUs - _lastFeedbackUs >= FeedbackIntervalUs);

    /// <summary>
    /// Writes one feedback packet with the oldest waiting arrivals (as many as fit the destination). Call again
    /// while <see cref="PendingCount"/> is above zero to flush the rest.
    /// </summary>
    public bool TryWriteFeedback(Span<byte> destination, uint senderSsrc, long nowUs, out int length)
    {
        length = 0;
        if (PendingCount == 0)
        {
            return false;
        }

        if (!TryBuild(destination, senderSsrc, out length, out int consumed))
        {
            return false;
        }

        if (_hasPreBase && consumed == 1)
        {
            // The pre-base is too far (in numbers or time) from the next arrival to share a packet with it.
            RemoveFirst(1);
            _hasPreBase = false;
            if (!TryBuild(destination, senderSsrc, out length, out consumed))
            {
                return false;
            }
        }

        _nextReportable = _extended[consumed - 1] + 1;
        RemoveFirst(consumed - 1);
        _hasPreBase = true;
        _feedbackPacketCount++;
        FeedbackPacketsWritten++;
        _lastFeedbackUs = nowUs;
        return true;
    }

    private bool TryBuild(Span<byte> destination, uint senderSsrc, out int length, out int consumed)
    {
        int limit = ArrivalsPerFeedback + (_hasPreBase ? 1 : 0);
        ReadOnlySpan<TransportFeedbackArrival> arrivals = _arrivals.AsSpan(0, Math.Min(_count, limit));
        return RtcpTransportFeedbackBuilder.TryWrite(destination, senderSsrc, MediaSsrc, _feedbackPacketCount, arrivals, out length, out consumed);
    }

    private void Grow()
    {
        int capacity = Math.Max(ArrivalsPerFeedback, Math.Min(2 * _arrivals.Length, MaxPendingArrivals));
        var arrivals = new TransportFeedbackArrival[capacity];
        var extended = new long[capacity];
        _arrivals.AsSpan(0, _count).CopyTo(arrivals);
        _extended.AsSpan(0, _count).CopyTo(extended);
        _arrivals = arrivals;
        _extended = extended;
    }

    private void RemoveFirst(int count)
    {
        Array.Copy(_arrivals, count, _arrivals, 0, _count - count);
        Array.Copy(_extended, count, _extended, 0, _count - count);
        _count -= count;
    }
}
