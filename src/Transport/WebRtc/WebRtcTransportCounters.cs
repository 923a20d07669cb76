using Sfu.Transport.Ice;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.WebRtc;

/// <summary>
/// What one transport received, sent and refused. Written by the worker thread only; other threads read values
/// at most one packet old.
/// </summary>
public sealed class WebRtcTransportCounters
{
    private static readonly int SrtpResultCount = Enum.GetValues<SrtpResult>().Length;
    private static readonly int IceOutcomeCount = Enum.GetValues<IceCheckOutcome>().Length;

    private readonly long[] rtpRejected = new long[SrtpResultCount];
    private readonly long[] rtcpRejected = new long[SrtpResultCount];
    private readonly long[] stunChecks = new long[IceOutcomeCount];

    internal long rtpPacketsReceived;
    internal long rtpBytesReceived;
    internal long rtcpPacketsReceived;
    internal long rtpPacketsSent;
    internal long rtpBytesSent;
    internal long rtcpPacketsSent;
    internal long mediaBeforeKeys;
    internal long mediaFromUnvalidatedTuple;
    internal long dtlsFromUnvalidatedTuple;
    internal long dtlsBeforeConnect;
    internal long sendsWithoutPath;
    internal long protectFailures;
    internal long socketSendFailures;
    internal long iceRequestsSent;
    internal long iceResponsesIgnored;

    public long RtpPacketsReceived => Volatile.Read(ref rtpPacketsReceived);

    public long RtpBytesReceived => Volatile.Read(ref rtpBytesReceived);

    public long RtcpPacketsReceived => Volatile.Read(ref rtcpPacketsReceived);

    public long RtpPacketsSent => Volatile.Read(ref rtpPacketsSent);

    public long RtpBytesSent => Volatile.Read(ref rtpBytesSent);

    public long RtcpPacketsSent => Volatile.Read(ref rtcpPacketsSent);

    /// <summary>SRTP or SRTCP that arrived before DTLS produced keys: dropped.</summary>
    public long MediaBeforeKeys => Volatile.Read(ref mediaBeforeKeys);

    /// <summary>Media from a tuple ICE no longer vouches for (consent lost, tuple evicted): dropped.</summary>
    public long MediaFromUnvalidatedTuple => Volatile.Read(ref mediaFromUnvalidatedTuple);

    /// <summary>DTLS from a tuple ICE has not validated: never reaches the handshake.</summary>
    public long DtlsFromUnvalidatedTuple => Volatile.Read(ref dtlsFromUnvalidatedTuple);

    /// <summary>DTLS that arrived before the remote DTLS parameters (connect) were known: dropped.</summary>
    public long DtlsBeforeConnect => Volatile.Read(ref dtlsBeforeConnect);

    /// <summary>TrySendRtp/TrySendRtcp refused because the transport is not connected.</summary>
    public long SendsWithoutPath => Volatile.Read(ref sendsWithoutPath);

    /// <summary>Packets SRTP refused to protect (not RTP/RTCP, no room for the tag, too many SSRCs).</summary>
    public long ProtectFailures => Volatile.Read(ref protectFailures);

    /// <summary>Protected packets the socket did not take.</summary>
    public long SocketSendFailures => Volatile.Read(ref socketSendFailures);

    /// <summary>Client mode: Binding requests sent, retransmissions included.</summary>
    public long IceRequestsSent => Volatile.Read(ref iceRequestsSent);

    /// <summary>Client mode: STUN that matched no pending check or failed its integrity check.</summary>
    public long IceResponsesIgnored => Volatile.Read(ref iceResponsesIgnored);

    /// <summary>SRTP packets refused for <paramref name="reason"/> (replay, bad tag, malformed...), never delivered.</summary>
    public long RtpRejected(SrtpResult reason) => Volatile.Read(ref rtpRejected[(int)reason]);

    public long RtcpRejected(SrtpResult reason) => Volatile.Read(ref rtcpRejected[(int)reason]);

    /// <summary>Server mode: Binding requests handled, by outcome (success, 400, 401, 487...).</summary>
    public long StunChecks(IceCheckOutcome outcome) => Volatile.Read(ref stunChecks[(int)outcome]);

    internal void CountRtpRejected(SrtpResult reason) => rtpRejected[(int)reason]++;

    internal void CountRtcpRejected(SrtpResult reason) => rtcpRejected[(int)reason]++;

    internal void CountStunCheck(IceCheckOutcome outcome) => stunChecks[(int)outcome]++;
}
