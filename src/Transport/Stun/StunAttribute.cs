using System.Buffers.Binary;

namespace Sfu.Transport.Stun;

/// <summary>One attribute of a parsed message: its type and its value without the padding.</summary>
public readonly ref struct StunAttribute
{
    public StunAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks the attributes of a message that <see cref="StunMessage.TryParse"/> accepted, in wire order, including
/// MESSAGE-INTEGRITY, FINGERPRINT and whatever follows MESSAGE-INTEGRITY.
/// </summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> message;
    private int nextOffset;
    private StunAttribute current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> validatedMessage)
    {
        message = validatedMessage;
        nextOffset = StunConstants.HeaderLength;
        current = default;
    }

    public readonly StunAttribute Current => current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (message.Length - nextOffset < StunConstants.AttributeHeaderLength)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(message.Slice(nextOffset));
        int length = BinaryPrimitives.ReadUInt16BigEndian(message.Slice(nextOffset + 2));
        int valueOffset = nextOffset + StunConstants.AttributeHeaderLength;
        if (message.Length - valueOffset < StunConstants.Padded(length))
        {
            // Only reachable for a message that was not validated; stop rather than read past the end.
            nextOffset = message.Length;
            return false;
        }

        current = new StunAttribute(type, message.Slice(valueOffset, length));
        nextOffset = valueOffset + StunConstants.Padded(length);
        return true;
    }
}
