using Sfu.Transport.Net;

namespace Sfu.Transport.Stun;

/// <summary>The two Binding responses an ICE agent sends back, written into a caller buffer.</summary>
public static class StunBindingResponses
{
    /// <summary>Room for any response built here: header, IPv6 XOR-MAPPED-ADDRESS or an error with a standard phrase, integrity, fingerprint.</summary>
    public const int MaxLength = 128;

    /// <summary>
    /// Success response to <paramref name="transactionId"/>: XOR-MAPPED-ADDRESS of the requester as we saw it
    /// (RFC 8445 §7.3.1.2), MESSAGE-INTEGRITY with <paramref name="integrityKey"/>, FINGERPRINT.
    /// </summary>
    public static bool TryWriteSuccess(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        in NetAddress mappedAddress,
        ushort mappedPort,
        ReadOnlySpan<byte> integrityKey,
        out int length)
    {
        var writer = new StunMessageWriter(destination, StunClass.SuccessResponse, StunMethod.Binding, transactionId);
        writer.AppendXorMappedAddress(mappedAddress, mappedPort);
        writer.AppendMessageIntegrity(integrityKey);
        writer.AppendFingerprint();
        return writer.TryComplete(out length);
    }

    /// <summary>
    /// Error response with ERROR-CODE and FINGERPRINT. MESSAGE-INTEGRITY only when
    /// <paramref name="authenticated"/>: RFC 8489 §9.1.3 forbids it on the 400/401 answers to requests that failed
    /// authentication (there is no key the peer would share), while a 487 answers an authenticated request and the
    /// peer discards responses whose integrity it cannot check (§9.1.5).
    /// </summary>
    public static bool TryWriteError(
        Span<byte> destination,
        ReadOnlySpan<byte> transactionId,
        ushort method,
        int errorCode,
        bool authenticated,
        ReadOnlySpan<byte> integrityKey,
        out int length)
    {
        var writer = new StunMessageWriter(destination, StunClass.ErrorResponse, method, transactionId);
        writer.AppendErrorCode(errorCode);
        if (authenticated)
        {
            writer.AppendMessageIntegrity(integrityKey);
        }

        writer.AppendFingerprint();
        return writer.TryComplete(out length);
    }
}
