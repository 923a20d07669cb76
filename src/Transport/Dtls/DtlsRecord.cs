using System.Buffers.Binary;

namespace Sfu.Transport.Dtls;

/// <summary>DTLS 1.2 record content types (RFC 5246 §6.2.1, shared by DTLS per RFC 6347 §4.1).</summary>
public static class DtlsContentType
{
    public const byte ChangeCipherSpec = 20;
    public const byte Alert = 21;
    public const byte Handshake = 22;
    public const byte ApplicationData = 23;
}

/// <summary>Record-layer version numbers (RFC 6347 §4.1: the one's complement of the TLS version).</summary>
public static class DtlsVersion
{
    public const ushort Dtls10 = 0xFEFF;
    public const ushort Dtls12 = 0xFEFD;
}

/// <summary>
/// A view over one DTLSPlaintext/DTLSCiphertext record (RFC 6347 §4.1):
/// <code>
/// type(1) | version(2) | epoch(2) | sequence_number(6) | length(2) | fragment(length)
/// </code>
/// Reading never throws and never reads past the input.
/// </summary>
public readonly ref struct DtlsRecord
{
    public const int HeaderLength = 13;

    /// <summary>The first byte of a ClientHello handshake message (RFC 5246 §7.4).</summary>
    public const byte ClientHelloHandshakeType = 1;

    private DtlsRecord(byte contentType, ushort version, ushort epoch, ulong sequenceNumber, ReadOnlySpan<byte> fragment)
    {
        ContentType = contentType;
        Version = version;
        Epoch = epoch;
        SequenceNumber = sequenceNumber;
        Fragment = fragment;
    }

    public byte ContentType { get; }

    public ushort Version { get; }

    public ushort Epoch { get; }

    /// <summary>48-bit record sequence number.</summary>
    public ulong SequenceNumber { get; }

    public ReadOnlySpan<byte> Fragment { get; }

    /// <summary>Header plus fragment: where the next record of the datagram starts.</summary>
    public int TotalLength => HeaderLength + Fragment.Length;

    /// <summary>
    /// True for an unencrypted (epoch 0) handshake record whose fragment starts a ClientHello. Only the first
    /// fragment carries the type byte, which is all the version fix needs.
    /// </summary>
    public bool IsEpochZeroClientHello =>
        ContentType == DtlsContentType.Handshake && Epoch == 0
        && !Fragment.IsEmpty && Fragment[0] == ClientHelloHandshakeType;

    /// <summary>
    /// Reads the record at the start of <paramref name="data"/>. Fails on a short header, a fragment running
    /// past the end, a content type outside 20..23, or a version that is not DTLS 1.0/1.2.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out DtlsRecord record)
    {
        record = default;
        if (data.Length < HeaderLength)
        {
            return false;
        }

        byte contentType = data[0];
        if (contentType is < DtlsContentType.ChangeCipherSpec or > DtlsContentType.ApplicationData)
        {
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(1, 2));
        if (version is not (DtlsVersion.Dtls10 or DtlsVersion.Dtls12))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(11, 2));
        if (length > data.Length - HeaderLength)
        {
            return false;
        }

        ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(3, 2));
        ulong sequenceNumber = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(data.Slice(5, 2)) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(data.Slice(7, 4));
        record = new DtlsRecord(contentType, version, epoch, sequenceNumber, data.Slice(HeaderLength, length));
        return true;
    }

    /// <summary>Writes header and fragment; false (nothing written) when <paramref name="destination"/> is too small.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < TotalLength || SequenceNumber > 0xFFFF_FFFF_FFFFUL)
        {
            return false;
        }

        destination[0] = ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(1, 2), Version);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(3, 2), Epoch);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(5, 2), (ushort)(SequenceNumber >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(7, 4), (uint)SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(11, 2), (ushort)Fragment.Length);
        Fragment.CopyTo(destination.Slice(HeaderLength));
        written = TotalLength;
        return true;
    }
}
