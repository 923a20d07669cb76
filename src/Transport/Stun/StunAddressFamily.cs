namespace Sfu.Transport.Stun;

/// <summary>Family codes of the address attributes (RFC 8489 §14.1).</summary>
internal static class StunAddressFamily
{
    public const byte IPv4 = 0x01;
    public const byte IPv6 = 0x02;
}
