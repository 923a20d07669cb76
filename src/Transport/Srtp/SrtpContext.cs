using System.Diagnostics.CodeAnalysis;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Transport.Srtp;

/// <summary>
/// SRTP and SRTCP for one direction of one transport (RFC 3711 §3.2): either everything we send with one
/// set of master keys, or everything the peer sends with its own. Methods work in place on the caller's
/// buffer and allocate nothing once an SSRC has been seen.
///
/// Not thread-safe, by design: a context has one owner, the media worker thread of its transport
/// (DESIGN.md, "every piece of mutable state has exactly one owning thread"). Share it and the replay
/// windows, rollover counters and cipher scratch state will be corrupted; no lock guards them.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Default bound on the SSRCs a context tracks for RTP, and separately for RTCP.</summary>
    public const int DefaultMaxSsrcs = 64;

    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStreamState> _rtpStreams;
    private readonly Dictionary<uint, SrtpSendStream> _sendStreams;
    private readonly Dictionary<uint, SrtpStreamState> _rtcpStreams;
    private bool _disposed;

    private SrtpContext(SrtpProfile profile, bool isOutbound, SrtpTransform transform, int maxSsrcs)
    {
        Profile = profile;
        IsOutbound = isOutbound;
        MaxSsrcs = maxSsrcs;
        _transform = transform;
        _rtpStreams = new Dictionary<uint, SrtpStreamState>(Math.Min(maxSsrcs, 8));
        _sendStreams = new Dictionary<uint, SrtpSendStream>(Math.Min(maxSsrcs, 8));
        _rtcpStreams = new Dictionary<uint, SrtpStreamState>(Math.Min(maxSsrcs, 8));
    }

    public SrtpProfile Profile { get; }

    /// <summary>True for the context that protects what we send, false for the one that unprotects what we receive.</summary>
    public bool IsOutbound { get; }

    /// <summary>Most SSRCs tracked for RTP (and, separately, for RTCP); packets of further SSRCs are refused.</summary>
    public int MaxSsrcs { get; }

    /// <summary>Bytes <see cref="TryProtectRtp"/> appends: the buffer needs this much room after the packet.</summary>
    public int RtpOverhead => _transform.RtpTagLength;

    /// <summary>Bytes <see cref="TryProtectRtcp"/> appends (index word and tag).</summary>
    public int RtcpOverhead => _transform.RtcpTrailerLength;

    /// <summary>A context that protects outgoing packets with our master key and salt.</summary>
    public static SrtpContext ForOutbound(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs = DefaultMaxSsrcs) =>
        Create(profile, isOutbound: true, masterKey, masterSalt, maxSsrcs, SrtpCryptoBackend.Auto);

    /// <summary>A context that unprotects incoming packets with the peer's master key and salt.</summary>
    public static SrtpContext ForInbound(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs = DefaultMaxSsrcs) =>
        Create(profile, isOutbound: false, masterKey, masterSalt, maxSsrcs, SrtpCryptoBackend.Auto);

    internal static SrtpContext Create(SrtpProfile profile, bool isOutbound, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxSsrcs, SrtpCryptoBackend backend)
    {
        SrtpSessionKeys keys = SrtpSessionKeys.Derive(profile, masterKey, masterSalt, backend);
        try
        {
            return FromSessionKeys(profile, isOutbound, keys, maxSsrcs, backend);
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <summary>Builds a context from session keys directly, skipping key derivation (RFC 7714's vectors give session keys).</summary>
    internal static SrtpContext FromSessionKeys(SrtpProfile profile, bool isOutbound, SrtpSessionKeys keys, int maxSsrcs, SrtpCryptoBackend backend)
    {
        if (!SrtpProfileInfo.IsSupported((ushort)profile))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Not an SRTP profile this context implements.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxSsrcs, 1);
        SrtpTransform transform = SrtpProfileInfo.IsAead(profile)
            ? new AeadAesGcmTransform(keys, backend)
            : new AesCmHmacSha1Transform(keys, SrtpProfileInfo.AuthTagLength(profile), backend);
        return new SrtpContext(profile, isOutbound, transform, maxSsrcs);
    }

    /// <summary>
    /// Forgets an SSRC (its rollover counter, replay windows and SRTCP index) so that its slot can serve a new
    /// one. Returns whether anything was known about it.
    /// </summary>
    public bool RemoveSsrc(uint ssrc)
    {
        bool removedRtp = _rtpStreams.Remove(ssrc);
        bool removedRtcp = _rtcpStreams.Remove(ssrc);
        if (_sendStreams.Remove(ssrc, out SrtpSendStream? sending))
        {
            // A sender may still hold it: detached, it is looked up afresh (and starts over) on its next packet.
            sending.Detach();
            removedRtp = true;
        }

        return removedRtp || removedRtcp;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _transform.Dispose();
    }

    /// <summary>Sets the next SRTCP index sent for <paramref name="ssrc"/>; tests use it to reach RFC 7714's index.</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index)
    {
        RequireDirection(outbound: true);
        if (!_rtcpStreams.TryGetValue(ssrc, out SrtpStreamState? stream))
        {
            stream = new SrtpStreamState();
            _rtcpStreams.Add(ssrc, stream);
        }

        stream.NextRtcpIndex = index & 0x7FFF_FFFF;
    }

    /// <summary>Finds the RTP sending state of an SSRC, creating it for a new SSRC while under the bound.</summary>
    private bool TryGetSendStream(uint ssrc, [NotNullWhen(true)] out SrtpSendStream? stream)
    {
        if (_sendStreams.TryGetValue(ssrc, out stream))
        {
            return true;
        }

        if (_sendStreams.Count >= MaxSsrcs)
        {
            return false;
        }

        stream = new SrtpSendStream(this, ssrc);
        _sendStreams.Add(ssrc, stream);
        return true;
    }

    /// <summary>Finds the SRTCP sending state of an SSRC, creating it for a new SSRC while under the bound.</summary>
    private bool TryGetOrAddOutbound(Dictionary<uint, SrtpStreamState> streams, uint ssrc, out SrtpStreamState stream)
    {
        if (streams.TryGetValue(ssrc, out SrtpStreamState? existing))
        {
            stream = existing;
            return true;
        }

        if (streams.Count >= MaxSsrcs)
        {
            stream = null!;
            return false;
        }

        stream = new SrtpStreamState();
        streams.Add(ssrc, stream);
        return true;
    }

    private void RequireDirection(bool outbound)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsOutbound != outbound)
        {
            throw new InvalidOperationException(outbound
                ? "This context unprotects received packets; protect with the outbound context."
                : "This context protects packets to send; unprotect with the inbound context.");
        }
    }
}
