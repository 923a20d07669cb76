namespace Sfu.Transport.Srtp;

/// <summary>
/// What an outbound context remembers about one SSRC it protects RTP for: the highest packet index sent, from
/// which the next packet's rollover counter is guessed (RFC 3711 §3.3.1). A sender keeps no replay window: it
/// never checks its own packets for replays, so a 1,024-bit bitmap written on every send would only cost a cache
/// line per packet.
/// <para>
/// A sender that sends one SSRC again and again (a consumer) keeps this object between packets and hands it back to
/// <see cref="SrtpContext.TryProtectRtp(Span{byte}, int, ref SrtpSendStream?, out int)"/>, which spares the lookup by
/// SSRC on every packet. The context checks that the object is its own and is for the packet's SSRC, and looks the
/// SSRC up again when not (new keys after a new DTLS handshake, a removed SSRC), so a stale handle is harmless.
/// </para>
/// </summary>
public sealed class SrtpSendStream
{
    internal SrtpSendStream(SrtpContext owner, uint ssrc)
    {
        Owner = owner;
        Ssrc = ssrc;
    }

    public uint Ssrc { get; }

    /// <summary>The context whose state this is; null once the context forgot the SSRC.</summary>
    internal SrtpContext? Owner { get; private set; }

    internal bool HasHighest { get; private set; }

    internal ulong Highest { get; private set; }

    internal void OnProtected(ulong index)
    {
        if (!HasHighest || index > Highest)
        {
            HasHighest = true;
            Highest = index;
        }
    }

    internal void Detach() => Owner = null;
}
