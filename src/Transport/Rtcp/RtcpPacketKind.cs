namespace Sfu.Transport.Rtcp;

/// <summary>What an RTCP packet is, from its type and, for feedback, its FMT (and the REMB identifier).</summary>
public enum RtcpPacketKind : byte
{
    Unknown = 0,
    SenderReport,
    ReceiverReport,
    SourceDescription,
    Goodbye,
    ApplicationDefined,
    ExtendedReport,

    /// <summary>RTPFB FMT=1 (RFC 4585 §6.2.1).</summary>
    GenericNack,

    /// <summary>RTPFB FMT=15 (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    TransportFeedback,

    /// <summary>An RTPFB message of another FMT.</summary>
    OtherTransportLayerFeedback,

    /// <summary>PSFB FMT=1 (RFC 4585 §6.3.1).</summary>
    PictureLossIndication,

    /// <summary>PSFB FMT=4 (RFC 5104 §4.3.1).</summary>
    FullIntraRequest,

    /// <summary>PSFB FMT=15 with the "REMB" identifier (draft-alvestrand-rmcat-remb-03 §2.2).</summary>
    ReceiverEstimatedMaximumBitrate,

    /// <summary>A PSFB message of another FMT, or application layer feedback that is not REMB.</summary>
    OtherPayloadSpecificFeedback,
}
