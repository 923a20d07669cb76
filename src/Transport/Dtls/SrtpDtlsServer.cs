using System.Collections;
using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// BouncyCastle server peer for DTLS-SRTP: DTLS 1.2 only, ECDHE-ECDSA suites on secp256r1, use_srtp chosen by
/// our preference, a mandatory client certificate checked against the signaled fingerprint (WebRTC
/// authenticates both ends, RFC 8827 §6.5), and key export when the handshake completes.
/// </summary>
internal sealed class SrtpDtlsServer : DefaultTlsServer
{
    private readonly DtlsHandshakeContext _context;
    private string? _noSharedProfile;

    public SrtpDtlsServer(DtlsHandshakeContext context)
    {
        _context = context;
    }

    protected override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    protected override ProtocolVersion MaximumVersion => ProtocolVersion.DTLSv12;

    protected override int[] GetCipherSuites() => DtlsCipherSuites.CipherSuites;

    public override int GetHandshakeTimeoutMillis() => _context.HandshakeTimeoutMillis;

    public override bool RequiresExtendedMasterSecret() => _context.Options.RequireExtendedMasterSecret;

    public override void ProcessClientExtensions(IDictionary clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        mNamedCurves = DtlsCipherSuites.IntersectNamedCurves(mNamedCurves);

        UseSrtpData? offer = clientExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(clientExtensions);
        if (SrtpProfileNegotiation.ChooseAsServer(_context.Options.SrtpProfiles, offer?.ProtectionProfiles) is { } profile)
        {
            _context.UseProfile(profile);
        }
        else
        {
            _noSharedProfile = offer is null ? "no use_srtp extension" : $"profiles [{string.Join(", ", offer.ProtectionProfiles)}]";
        }
    }

    public override IDictionary GetServerExtensions()
    {
        base.GetServerExtensions();
        IDictionary extensions = CheckServerExtensions();
        if (_context.NegotiatedProfile is { } profile)
        {
            // We use no MKI (RFC 5764 §4.1.2), so the answer carries an empty srtp_mki.
            TlsSRTPUtils.AddUseSrtpExtension(extensions, new UseSrtpData([(int)profile], TlsUtilities.EmptyBytes));
        }

        return extensions;
    }

    /// <summary>
    /// The first hook after the ServerHello went out. A missing SRTP profile is refused here rather than while
    /// reading the ClientHello: BouncyCastle's record layer sends nothing, alerts included, before the ServerHello
    /// fixed the record version, so an earlier refusal would leave the client waiting for its timeout.
    /// </summary>
    public override IList? GetServerSupplementalData()
    {
        if (_noSharedProfile is not null)
        {
            throw _context.Reject(DtlsFailure.NoSrtpProfile, AlertDescription.handshake_failure,
                $"No shared SRTP profile: the client offered {_noSharedProfile}.");
        }

        return base.GetServerSupplementalData();
    }

    protected override TlsSignerCredentials GetECDsaSignerCredentials() =>
        new DefaultTlsSignerCredentials(mContext, _context.LocalCertificate.Chain, _context.LocalCertificate.PrivateKey,
            EcdsaSignatureChoice.Pick(mSupportedSignatureAlgorithms));

    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign], EcdsaSignatureChoice.AcceptedFromPeer(), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _context.VerifyPeerCertificate(clientCertificate);

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription) =>
        _context.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _context.ExportKeys(mContext);
    }
}
