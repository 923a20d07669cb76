namespace Sfu.Transport.Srtp;

/// <summary>
/// Both directions of one DTLS-SRTP association: <see cref="Outbound"/> protects with our keys,
/// <see cref="Inbound"/> unprotects with the peer's. Same single-owner rule as <see cref="SrtpContext"/>.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    public SrtpSession(SrtpKeys keys, int maxSsrcs = SrtpContext.DefaultMaxSsrcs)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Profile = keys.Profile;
        Outbound = SrtpContext.ForOutbound(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt, maxSsrcs);
        try
        {
            Inbound = SrtpContext.ForInbound(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt, maxSsrcs);
        }
        catch
        {
            Outbound.Dispose();
            throw;
        }
    }

    public SrtpProfile Profile { get; }

    public SrtpContext Outbound { get; }

    public SrtpContext Inbound { get; }

    /// <inheritdoc cref="SrtpContext.TryProtectRtp"/>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        Outbound.TryProtectRtp(buffer, length, out protectedLength);

    /// <inheritdoc cref="SrtpContext.TryProtectRtp(Span{byte}, int, ref SrtpSendStream?, out int)"/>
    public bool TryProtectRtp(Span<byte> buffer, int length, ref SrtpSendStream? stream, out int protectedLength) =>
        Outbound.TryProtectRtp(buffer, length, ref stream, out protectedLength);

    /// <inheritdoc cref="SrtpContext.TryUnprotectRtp"/>
    public SrtpResult TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength) =>
        Inbound.TryUnprotectRtp(buffer, length, out plainLength);

    /// <inheritdoc cref="SrtpContext.TryProtectRtcp"/>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        Outbound.TryProtectRtcp(buffer, length, out protectedLength);

    /// <inheritdoc cref="SrtpContext.TryUnprotectRtcp"/>
    public SrtpResult TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength) =>
        Inbound.TryUnprotectRtcp(buffer, length, out plainLength);

    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
    }
}
