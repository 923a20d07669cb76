namespace Sfu.Transport.Rtcp;

/// <summary>
/// One FIR entry (RFC 5104 §4.3.1.1): the media source asked for a decoder refresh and a command sequence
/// number that the requester increments for each new request, so that repeats can be recognised.
/// </summary>
public readonly record struct RtcpFirEntry(uint Ssrc, byte SequenceNumber)
{
    public const int Length = 8;
}
