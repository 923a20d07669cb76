namespace Sfu.Transport.Rtp;

/// <summary>One header extension element: its local id and its value, a writable slice of the packet.</summary>
public readonly ref struct RtpHeaderExtension
{
    public RtpHeaderExtension(byte id, Span<byte> value)
    {
        Id = id;
        Value = value;
    }

    public byte Id { get; }

    public Span<byte> Value { get; }
}
