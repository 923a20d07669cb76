namespace Sfu.Transport.Ortc;

/// <summary>The RTX (RFC 4588) stream paired with an encoding.</summary>
public sealed record RtxParameters(uint Ssrc);
