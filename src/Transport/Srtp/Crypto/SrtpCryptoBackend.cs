namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// Which implementation of AES-CTR and AES-GCM a context uses. <see cref="Auto"/> takes the hardware path
/// (AES-NI, PCLMULQDQ through .NET intrinsics) when the CPU has it; <see cref="Portable"/> forces the
/// BCL/OpenSSL primitives, so that tests can prove both paths give the same bytes.
/// </summary>
internal enum SrtpCryptoBackend
{
    Auto,
    Portable,
}
