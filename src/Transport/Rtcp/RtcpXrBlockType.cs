namespace Sfu.Transport.Rtcp;

/// <summary>Extended report block types (RFC 3611 §4); the SFU uses RRTR and DLRR for round-trip times.</summary>
public enum RtcpXrBlockType : byte
{
    LossRunLength = 1,
    DuplicateRunLength = 2,
    PacketReceiptTimes = 3,

    /// <summary>RFC 3611 §4.4: a receiver's NTP time, so that the sender can measure the round trip.</summary>
    ReceiverReferenceTime = 4,

    /// <summary>RFC 3611 §4.5: the answer to RRTR: last RR time and delay since, per receiver.</summary>
    DelaySinceLastReceiverReport = 5,

    StatisticsSummary = 6,
    VoipMetrics = 7,
}
