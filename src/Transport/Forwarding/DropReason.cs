namespace Sfu.Transport.Forwarding;

/// <summary>Why a consumer did not forward a packet; every drop has a name so that stats and tests can tell them apart.</summary>
public enum DropReason : byte
{
    None = 0,

    /// <summary>The consumer is paused or otherwise inactive (PROTOCOL §7.4).</summary>
    Inactive,

    /// <summary>Padding only: never forwarded (§7.3).</summary>
    EmptyPayload,

    /// <summary>The payload type has no mapping for this consumer.</summary>
    UnsupportedPayloadType,

    /// <summary>The payload is not valid for its codec.</summary>
    MalformedPayload,

    /// <summary>Video after (re)start: nothing is forwarded before a key frame (§7.4, R89).</summary>
    WaitingForKeyFrame,

    /// <summary>The packet belongs to a spatial layer that is not the one being forwarded.</summary>
    NotCurrentSpatialLayer,

    /// <summary>A key frame of the target layer, but its clock cannot be aligned yet (no Sender Report, §7.5).</summary>
    NoSenderReportForLayer,

    /// <summary>The key frame would have needed a timestamp jump larger than allowed; another one is requested (§7.5).</summary>
    TimestampGapTooLarge,

    /// <summary>The temporal layer is above the target (§7.5, R92).</summary>
    TemporalLayerAboveTarget,

    /// <summary>The temporal layer is above the one forwarded, and the packet is not a layer sync point.</summary>
    TemporalLayerNotSynced,

    /// <summary>Older than the last re-sync or the reordering window, or a retransmission of a dropped packet.</summary>
    Stale,

    /// <summary>The packet is from a speaker who is not the one forwarded into a switched stream (dominant speaker).</summary>
    NotSelectedSpeaker,
}
