namespace Sfu.Transport.Feedback;

/// <summary>What the delay trend says about the path (draft-ietf-rmcat-gcc-02 §5.4).</summary>
public enum BandwidthUsage
{
    Normal,
    Overusing,
    Underusing,
}
