using Org.BouncyCastle.Crypto.Tls;
using Sfu.Transport.Srtp;
using TlsCertificateChain = Org.BouncyCastle.Crypto.Tls.Certificate;

namespace Sfu.Transport.Dtls;

/// <summary>
/// What the BouncyCastle client and server peers share: our certificate, the fingerprint the peer must match,
/// the SRTP profile choice, and what the handshake produced or why it failed. Written by the thread running
/// the handshake, read by the endpoint after BouncyCastle returns or throws on that same thread.
/// </summary>
internal sealed class DtlsHandshakeContext
{
    public DtlsHandshakeContext(DtlsRole role, DtlsCertificate localCertificate, DtlsFingerprint expectedRemoteFingerprint, DtlsOptions options)
    {
        Role = role;
        LocalCertificate = localCertificate;
        ExpectedRemoteFingerprint = expectedRemoteFingerprint;
        Options = options;
    }

    public DtlsRole Role { get; }

    public DtlsCertificate LocalCertificate { get; }

    public DtlsFingerprint ExpectedRemoteFingerprint { get; }

    public DtlsOptions Options { get; }

    public SrtpProfile? NegotiatedProfile { get; private set; }

    public SrtpKeys? Keys { get; private set; }

    public DtlsFingerprint? PeerFingerprint { get; private set; }

    /// <summary>Our own reason for aborting, set before we throw the corresponding alert.</summary>
    public DtlsFailure Verdict { get; private set; }

    public string? VerdictDetail { get; private set; }

    public byte? VerdictAlert { get; private set; }

    /// <summary>The last fatal alert the peer sent, if any.</summary>
    public byte? FatalAlertReceived { get; private set; }

    /// <summary>True once the peer sent close_notify.</summary>
    public bool CloseNotifyReceived { get; private set; }

    /// <summary>
    /// BouncyCastle's own handshake deadline: a backstop one second after the endpoint's timer, which is the
    /// authority (it also covers time spent waiting for a pool thread).
    /// </summary>
    public int HandshakeTimeoutMillis => (int)Math.Min(int.MaxValue, Options.HandshakeTimeout.TotalMilliseconds + 1000);

    /// <summary>
    /// RFC 8122 §5 / RFC 8827 §6.5: the end-entity certificate must hash to the fingerprint from the signaling.
    /// A missing certificate gets handshake_failure (RFC 5246 §7.4.6), a mismatch bad_certificate.
    /// </summary>
    public void VerifyPeerCertificate(TlsCertificateChain? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Reject(DtlsFailure.BadCertificate, AlertDescription.handshake_failure, "The peer sent no certificate.");
        }

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        DtlsFingerprint actual = DtlsFingerprint.Compute(ExpectedRemoteFingerprint.Algorithm, der);
        if (actual != ExpectedRemoteFingerprint)
        {
            throw Reject(DtlsFailure.BadCertificate, AlertDescription.bad_certificate,
                $"Peer certificate fingerprint {actual} differs from the expected {ExpectedRemoteFingerprint}.");
        }

        PeerFingerprint = actual;
    }

    public void UseProfile(SrtpProfile profile) => NegotiatedProfile = profile;

    /// <summary>Records why we abort and returns the alert to throw, so BouncyCastle sends it to the peer.</summary>
    public TlsFatalAlert Reject(DtlsFailure reason, byte alert, string detail)
    {
        if (Verdict == DtlsFailure.None)
        {
            Verdict = reason;
            VerdictDetail = detail;
            VerdictAlert = alert;
        }

        return new TlsFatalAlert(alert);
    }

    /// <summary>
    /// Exports the SRTP master keys (RFC 5764 §4.2). Must run inside NotifyHandshakeComplete: BouncyCastle clears
    /// the master secret as soon as the handshake call returns, after which the export throws.
    /// </summary>
    public void ExportKeys(TlsContext tls)
    {
        if (NegotiatedProfile is not SrtpProfile profile)
        {
            throw Reject(DtlsFailure.NoSrtpProfile, AlertDescription.handshake_failure, "No SRTP profile was negotiated.");
        }

        byte[] material = tls.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.ExportLength(profile));
        Keys = SrtpKeys.FromExportedMaterial(profile, material, isDtlsClient: Role == DtlsRole.Client);
        Array.Clear(material);
    }

    public void OnAlertReceived(byte level, byte description)
    {
        if (level == AlertLevel.fatal)
        {
            FatalAlertReceived = description;
        }
        else if (description == AlertDescription.close_notify)
        {
            CloseNotifyReceived = true;
        }
    }
}
