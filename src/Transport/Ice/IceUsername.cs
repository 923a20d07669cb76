namespace Sfu.Transport.Ice;

/// <summary>
/// The STUN USERNAME of an ICE check is "receiverUfrag:senderUfrag" (RFC 8445 §7.2.2). A server finds the
/// transport a check is for by the part before the colon (mediasoup demultiplexes the shared port this way).
/// </summary>
public static class IceUsername
{
    private const byte Colon = (byte)':';

    /// <summary>Splits at the first colon; false when there is none.</summary>
    public static bool TrySplit(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> receiverUfrag, out ReadOnlySpan<byte> senderUfrag)
    {
        int colon = username.IndexOf(Colon);
        if (colon < 0)
        {
            receiverUfrag = default;
            senderUfrag = default;
            return false;
        }

        receiverUfrag = username.Slice(0, colon);
        senderUfrag = username.Slice(colon + 1);
        return true;
    }

    /// <summary>True when <paramref name="username"/> starts with <paramref name="receiverUfrag"/> followed by a colon.</summary>
    public static bool IsFor(ReadOnlySpan<byte> username, ReadOnlySpan<byte> receiverUfrag) =>
        username.Length > receiverUfrag.Length
        && username[receiverUfrag.Length] == Colon
        && username.StartsWith(receiverUfrag);
}
