using Sfu.Transport.Rtcp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// What a receiver knows about one incoming RTP stream, kept the way RFC 3550 Appendix A describes it:
/// the extended highest sequence number with its cycles and the resynchronisation rule for big jumps (A.1),
/// expected and lost packets, cumulative and since the last report (A.3), interarrival jitter (A.8), and the
/// last Sender Report seen (for LSR/DLSR, §6.4.1). It also counts packets and bytes and measures the bitrate
/// over the last second. Times are caller-supplied milliseconds; nothing here reads a clock.
/// </summary>
public sealed class ReceiveStreamStatistics
{
    /// <summary>RFC 3550 A.1: a forward jump smaller than this is taken as packets lost in between.</summary>
    public const int MaxDropout = 3000;

    /// <summary>RFC 3550 A.1: a backward step up to this is a late (reordered or duplicate) packet.</summary>
    public const int MaxMisorder = 100;

    private const int SequenceModulo = 1 << 16;

    private readonly int _clockRate;
    private readonly BitrateWindow _bitrate = new();

    private bool _started;
    private ushort _maxSequenceNumber;
    private uint _cycles;
    private uint _baseSequenceNumber;
    private int _badSequenceNumber = SequenceModulo + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;

    private bool _hasTransit;
    private int _lastTransit;
    private uint _jitterTimes16;

    private uint _lastSenderReportCompact;
    private long _lastSenderReportArrivalMs;

    public ReceiveStreamStatistics(uint ssrc, int clockRate)
    {
        if (clockRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(clockRate), clockRate, "The RTP clock rate must be positive.");
        }

        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    public int ClockRate => _clockRate;

    /// <summary>Packets accepted by <see cref="OnPacket"/>, duplicates included (RFC 3550 A.3 counts them too).</summary>
    public long PacketCount => _received;

    /// <summary>Bytes of the accepted packets, headers included.</summary>
    public long ByteCount { get; private set; }

    /// <summary>Packets that a retransmission (RTX) brought back.</summary>
    public long RetransmittedPacketCount { get; private set; }

    /// <summary>Cycle count in the high 16 bits, highest sequence number in the low 16 (RFC 3550 §6.4.1).</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSequenceNumber;

    /// <summary>RFC 3550 A.3: highest extended number minus the first one, plus one.</summary>
    public long ExpectedPacketCount => _started ? (long)ExtendedHighestSequenceNumber - _baseSequenceNumber + 1 : 0;

    /// <summary>Expected minus received; negative when duplicates outnumber losses.</summary>
    public long CumulativeLost => ExpectedPacketCount - _received;

    /// <summary>Interarrival jitter in RTP timestamp units (RFC 3550 A.8).</summary>
    public uint Jitter => _jitterTimes16 >> 4;

    public bool HasSenderReport { get; private set; }

    /// <summary>The sender information of the last Sender Report (needed to align simulcast timestamps).</summary>
    public RtcpSenderInfo LastSenderReport { get; private set; }

    /// <summary>Bits per second received over the last second.</summary>
    public long GetBitrate(long nowMs) => _bitrate.GetBitrate(nowMs);

    /// <summary>
    /// Takes one received packet into account. Returns false, counting nothing, for a packet far outside the
    /// sequence (RFC 3550 A.1): the first such packet is remembered, and if the very next one follows it the
    /// source is taken to have restarted and the statistics start over from there.
    /// </summary>
    /// <param name="isRetransmission">A packet restored from RTX: counted, but its late arrival must not feed the jitter.</param>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, int sizeBytes, long nowMs, bool isRetransmission = false)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
        }
        else if (!UpdateSequence(sequenceNumber))
        {
            return false;
        }

        _received++;
        ByteCount += sizeBytes;
        _bitrate.Add(sizeBytes, nowMs);
        if (isRetransmission)
        {
            RetransmittedPacketCount++;
        }
        else
        {
            UpdateJitter(rtpTimestamp, nowMs);
        }

        return true;
    }

    /// <summary>Remembers a Sender Report of this source for the LSR/DLSR fields of the next report block.</summary>
    public void OnSenderReport(in RtcpSenderInfo senderInfo, long nowMs)
    {
        HasSenderReport = true;
        LastSenderReport = senderInfo;
        _lastSenderReportCompact = senderInfo.CompactNtp;
        _lastSenderReportArrivalMs = nowMs;
    }

    /// <summary>
    /// The report block for this source, and the start of the next reporting interval: the fraction lost is
    /// the share lost since the previous call (RFC 3550 A.3), zero when packets were duplicated instead.
    /// </summary>
    public RtcpReportBlock CreateReportBlock(long nowMs)
    {
        long expected = ExpectedPacketCount;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        _expectedPrior = expected;
        _receivedPrior = _received;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);

        long cumulativeLost = Math.Clamp(CumulativeLost, RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost);
        uint delaySinceLastSenderReport = HasSenderReport ? NtpTime.MillisecondsToCompact(nowMs - _lastSenderReportArrivalMs) : 0;
        return new RtcpReportBlock(
            Ssrc,
            fraction,
            (int)cumulativeLost,
            ExtendedHighestSequenceNumber,
            Jitter,
            HasSenderReport ? _lastSenderReportCompact : 0,
            delaySinceLastSenderReport);
    }

    /// <summary>Writes a Receiver Report carrying this stream's block (see <see cref="CreateReportBlock"/>).</summary>
    public bool TryWriteReceiverReport(Span<byte> destination, uint senderSsrc, long nowMs, out int length)
    {
        Span<RtcpReportBlock> block = [CreateReportBlock(nowMs)];
        return RtcpReceiverReport.TryWrite(destination, senderSsrc, block, out length);
    }

    /// <summary>RFC 3550 A.1 update_seq, without the probation stage: the first packet is trusted.</summary>
    private bool UpdateSequence(ushort sequenceNumber)
    {
        var delta = (ushort)(sequenceNumber - _maxSequenceNumber);
        if (delta < MaxDropout)
        {
            if (sequenceNumber < _maxSequenceNumber)
            {
                _cycles += SequenceModulo;
            }

            _maxSequenceNumber = sequenceNumber;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequenceNumber != _badSequenceNumber)
            {
                _badSequenceNumber = (sequenceNumber + 1) & (SequenceModulo - 1);
                return false;
            }

            // Two sequential packets after a big jump: the sender restarted its numbering.
            Restart(sequenceNumber);
        }

        return true;
    }

    private void Restart(ushort sequenceNumber)
    {
        _started = true;
        _baseSequenceNumber = sequenceNumber;
        _maxSequenceNumber = sequenceNumber;
        _badSequenceNumber = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _hasTransit = false;
    }

    /// <summary>
    /// RFC 3550 A.8: the transit time is arrival (in timestamp units) minus the RTP timestamp, both wrapping in
    /// 32 bits; the jitter moves 1/16 of the way towards each new |difference| and is kept scaled by 16.
    /// </summary>
    private void UpdateJitter(uint rtpTimestamp, long nowMs)
    {
        var arrival = (uint)(nowMs * _clockRate / 1000);
        int transit = (int)(arrival - rtpTimestamp);
        if (_hasTransit)
        {
            int d = transit - _lastTransit;
            uint magnitude = d < 0 ? (uint)-(long)d : (uint)d;
            _jitterTimes16 = (uint)(_jitterTimes16 + magnitude - ((_jitterTimes16 + 8) >> 4));
        }

        _lastTransit = transit;
        _hasTransit = true;
    }
}
