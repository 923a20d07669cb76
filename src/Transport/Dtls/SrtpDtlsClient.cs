using System.Collections;
using Org.BouncyCastle.Crypto.Tls;

namespace Sfu.Transport.Dtls;

/// <summary>
/// BouncyCastle client peer for DTLS-SRTP: offers DTLS 1.2, ECDHE-ECDSA suites on secp256r1 and our SRTP
/// profiles, checks the server certificate against the signaled fingerprint, answers the server's
/// CertificateRequest with our certificate, and exports the keys when the handshake completes.
/// </summary>
internal sealed class SrtpDtlsClient : DefaultTlsClient
{
    private readonly DtlsHandshakeContext _context;

    public SrtpDtlsClient(DtlsHandshakeContext context)
    {
        _context = context;
    }

    public override ProtocolVersion ClientVersion => ProtocolVersion.DTLSv12;

    public override ProtocolVersion MinimumVersion => ProtocolVersion.DTLSv12;

    public override int[] GetCipherSuites() => DtlsCipherSuites.CipherSuites;

    public override int GetHandshakeTimeoutMillis() => _context.HandshakeTimeoutMillis;

    public override bool RequiresExtendedMasterSecret() => _context.Options.RequireExtendedMasterSecret;

    public override IDictionary GetClientExtensions()
    {
        IDictionary extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        // The base class offers secp256r1 and secp384r1; our key exchange and certificate use P-256 only.
        mNamedCurves = DtlsCipherSuites.NamedCurves;
        TlsEccUtilities.AddSupportedEllipticCurvesExtension(extensions, mNamedCurves);
        TlsSRTPUtils.AddUseSrtpExtension(extensions,
            new UseSrtpData(SrtpProfileNegotiation.ToCodePoints(_context.Options.SrtpProfiles), TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? answer = serverExtensions is null ? null : TlsSRTPUtils.GetUseSrtpExtension(serverExtensions);
        if (SrtpProfileNegotiation.AcceptAsClient(_context.Options.SrtpProfiles, answer?.ProtectionProfiles) is not { } profile)
        {
            string answered = answer is null ? "no use_srtp extension" : $"profiles [{string.Join(", ", answer.ProtectionProfiles)}]";
            throw _context.Reject(DtlsFailure.NoSrtpProfile, AlertDescription.illegal_parameter,
                $"The server answered {answered}, not one profile we offered.");
        }

        _context.UseProfile(profile);
    }

    public override TlsAuthentication GetAuthentication() => new FingerprintAuthentication(this);

    public override void NotifyAlertReceived(byte alertLevel, byte alertDescription) =>
        _context.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _context.ExportKeys(mContext);
    }

    private TlsCredentials? CreateCredentials(CertificateRequest request)
    {
        if (Array.IndexOf(request.CertificateTypes, ClientCertificateType.ecdsa_sign) < 0)
        {
            // Our only key is ECDSA; an empty Certificate message lets the server decide (RFC 5246 §7.4.6).
            return null;
        }

        return new DefaultTlsSignerCredentials(mContext, _context.LocalCertificate.Chain, _context.LocalCertificate.PrivateKey,
            EcdsaSignatureChoice.Pick(request.SupportedSignatureAlgorithms));
    }

    private sealed class FingerprintAuthentication(SrtpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(Certificate serverCertificate) =>
            client._context.VerifyPeerCertificate(serverCertificate);

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
            client.CreateCredentials(certificateRequest);
    }
}
