using System.Buffers.Binary;

namespace Sfu.Transport.Dtls;

/// <summary>
/// Checks and fixes applied to a whole UDP datagram before BouncyCastle sees it. A datagram holds one or more
/// complete records and no record spans datagrams (RFC 6347 §4.1.1).
/// </summary>
public static class DtlsDatagram
{
    /// <summary>
    /// True when the datagram is a sequence of complete, plausible DTLS records with nothing left over.
    /// Anything else cannot come from a DTLS peer and is dropped before it reaches BouncyCastle, whose record
    /// layer would otherwise treat a garbled record in the current epoch as a fatal decryption error.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!DtlsRecord.TryRead(datagram, out DtlsRecord record))
            {
                return false;
            }

            datagram = datagram.Slice(record.TotalLength);
        }

        return true;
    }

    /// <summary>
    /// Rewrites the record version of every epoch-0 ClientHello record from DTLS 1.0 (0xFEFF) to DTLS 1.2
    /// (0xFEFD) and returns how many records it changed. Browsers send the ClientHello with record version
    /// 0xFEFF, as RFC 6347 §4.1 allows; once BouncyCastle 1.8.10 has answered with DTLS 1.2 it drops records of
    /// any other version, so a retransmitted ClientHello never triggered the retransmission of a lost server
    /// flight and recovery waited a full second for our own timer (measured with Chromium 156, DESIGN.md).
    /// The record version is not covered by any MAC in epoch 0, so the rewrite is invisible to the handshake.
    /// Stops at the first record that does not parse and leaves the rest untouched.
    /// </summary>
    public static int RewriteClientHelloVersion(Span<byte> datagram)
    {
        int rewritten = 0;
        int offset = 0;
        while (offset < datagram.Length && DtlsRecord.TryRead(datagram.Slice(offset), out DtlsRecord record))
        {
            if (record.Version == DtlsVersion.Dtls10 && record.IsEpochZeroClientHello)
            {
                BinaryPrimitives.WriteUInt16BigEndian(datagram.Slice(offset + 1, 2), DtlsVersion.Dtls12);
                rewritten++;
            }

            offset += record.TotalLength;
        }

        return rewritten;
    }
}
