namespace Sfu.Transport.Net;

/// <summary>
/// What the demultiplexer saw and dropped. Written by the worker thread only; any thread may read (stats,
/// tests), getting a value at most one packet old.
/// </summary>
public sealed class DemuxCounters
{
    private static readonly int ReasonCount = Enum.GetValues<DemuxDropReason>().Length;

    private readonly long[] dropped = new long[ReasonCount];
    private long stun;
    private long dtls;
    private long rtp;
    private long rtcp;

    public long StunPackets => Volatile.Read(ref stun);

    public long DtlsPackets => Volatile.Read(ref dtls);

    public long RtpPackets => Volatile.Read(ref rtp);

    public long RtcpPackets => Volatile.Read(ref rtcp);

    /// <summary>Packets dropped for all reasons together.</summary>
    public long TotalDropped
    {
        get
        {
            long total = 0;
            for (int i = 0; i < dropped.Length; i++)
            {
                total += Volatile.Read(ref dropped[i]);
            }

            return total;
        }
    }

    public long Dropped(DemuxDropReason reason) => Volatile.Read(ref dropped[(int)reason]);

    internal void CountDrop(DemuxDropReason reason) => dropped[(int)reason]++;

    internal void CountStun() => stun++;

    internal void CountDtls() => dtls++;

    internal void CountRtp() => rtp++;

    internal void CountRtcp() => rtcp++;
}
