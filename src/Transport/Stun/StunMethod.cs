namespace Sfu.Transport.Stun;

/// <summary>STUN methods (12 bits). ICE only ever uses Binding (RFC 8489 §18.2).</summary>
public static class StunMethod
{
    public const ushort Binding = 0x001;
}
