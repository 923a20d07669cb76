namespace Sfu.Transport.Rtcp;

/// <summary>The RTCP packet types (the PT byte) this stack reads or writes.</summary>
public enum RtcpPacketType : byte
{
    /// <summary>RFC 3550 §6.4.1.</summary>
    SenderReport = 200,

    /// <summary>RFC 3550 §6.4.2.</summary>
    ReceiverReport = 201,

    /// <summary>RFC 3550 §6.5.</summary>
    SourceDescription = 202,

    /// <summary>RFC 3550 §6.6.</summary>
    Goodbye = 203,

    /// <summary>RFC 3550 §6.7.</summary>
    ApplicationDefined = 204,

    /// <summary>RFC 4585 §6.2: RTPFB, NACK and transport-wide congestion control feedback.</summary>
    TransportLayerFeedback = 205,

    /// <summary>RFC 4585 §6.3: PSFB, PLI, FIR and application layer feedback such as REMB.</summary>
    PayloadSpecificFeedback = 206,

    /// <summary>RFC 3611 §2.</summary>
    ExtendedReport = 207,
}
