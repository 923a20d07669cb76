namespace Sfu.Transport.Feedback;

/// <summary>The answer of <see cref="SentPacketLog.TryGetForResend"/> for one NACKed sequence number.</summary>
public enum RetransmissionLookup
{
    /// <summary>The packet is returned and marked as re-sent now.</summary>
    Resend,

    /// <summary>Never stored, or its slot was reused since.</summary>
    NotStored,

    /// <summary>Stored longer ago than the maximum age.</summary>
    TooOld,

    /// <summary>Already re-sent within the last RTT: the first retransmission may still be on its way (R94).</summary>
    ResentWithinRtt,
}
