namespace Sfu.Transport.Srtp;

/// <summary>
/// What a context remembers about one SSRC: for received SRTP the highest index (hence ROC and s_l) and the
/// replay window; for SRTCP the replay window of received indices, or the next index to send. Created on the
/// first packet of the SSRC (after it authenticates, when receiving), never afterwards. What a context sends
/// RTP with is an <see cref="SrtpSendStream"/>.
/// </summary>
internal sealed class SrtpStreamState
{
    public ReplayWindow Window;

    /// <summary>Next SRTCP index to send (31 bits, RFC 3711 §3.4: starts at zero).</summary>
    public uint NextRtcpIndex;
}
