using System.Buffers.Binary;

namespace Sfu.Transport.Rtp.Extensions;

/// <summary>
/// The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a 2-byte counter
/// shared by every stream of a transport, which transport-cc feedback reports on. The server renumbers it on
/// every packet it sends.
/// </summary>
public static class TransportSequenceNumber
{
    public const int ValueLength = 2;

    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length != ValueLength)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static bool TryWrite(Span<byte> value, ushort sequenceNumber)
    {
        if (value.Length != ValueLength)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(value, sequenceNumber);
        return true;
    }
}
