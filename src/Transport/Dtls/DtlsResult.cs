using Sfu.Transport.Srtp;

namespace Sfu.Transport.Dtls;

/// <summary>
/// How a handshake ended. On success it carries the SRTP keys (already split into local/remote for our role),
/// the negotiated profile and the peer certificate's fingerprint; on failure, the reason.
/// </summary>
public sealed record DtlsResult
{
    private DtlsResult()
    {
    }

    public bool Succeeded => Failure == DtlsFailure.None;

    public DtlsFailure Failure { get; private init; }

    /// <summary>Human-readable detail of a failure, for logs.</summary>
    public string? Detail { get; private init; }

    /// <summary>The alert description (RFC 5246 §7.2) received or sent when the failure involved one.</summary>
    public byte? Alert { get; private init; }

    public SrtpKeys? Keys { get; private init; }

    public SrtpProfile? Profile => Keys?.Profile;

    /// <summary>The peer certificate's fingerprint, computed with the algorithm of the expected fingerprint.</summary>
    public DtlsFingerprint? PeerFingerprint { get; private init; }

    public static DtlsResult Success(SrtpKeys keys, DtlsFingerprint peerFingerprint) =>
        new() { Keys = keys, PeerFingerprint = peerFingerprint };

    public static DtlsResult Failed(DtlsFailure failure, string detail, byte? alert = null)
    {
        if (failure == DtlsFailure.None)
        {
            throw new ArgumentException("A failed result needs a failure reason.", nameof(failure));
        }

        return new DtlsResult { Failure = failure, Detail = detail, Alert = alert };
    }

    public override string ToString() =>
        Succeeded ? $"connected with {Profile}, peer {PeerFingerprint}" : $"{Failure}: {Detail}";
}
