namespace Sfu.Transport.Feedback;

/// <summary>The outcome of <see cref="RtxDecapsulator.TryDecapsulate"/>.</summary>
public enum RtxDecapsulation
{
    /// <summary>The buffer now holds the original media packet.</summary>
    Restored,

    /// <summary>No payload at all: a padding-only packet a browser sends to probe bandwidth (R84); discard it.</summary>
    PaddingOnly,

    /// <summary>Not RTP, or a payload too short to hold the original sequence number.</summary>
    Invalid,
}
