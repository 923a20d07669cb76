namespace Sfu.Transport.Forwarding;

/// <summary>
/// What a consumer's outgoing packets look like (PROTOCOL §7.3, R95): its SSRC, the payload type and header
/// extension id each router value becomes, and the extensions written on every packet: the mid (router id 1),
/// and for video abs-send-time (id 4) and the transport-wide sequence number (id 5). Built once per consumer;
/// read per packet.
/// </summary>
public sealed class ConsumerOutput
{
    public const byte NoPayloadType = 0xFF;

    private readonly byte[] _payloadTypes = new byte[128];
    private readonly byte[] _extensionIds = new byte[256];

    /// <param name="mid">The consumer's mid, 1..16 ASCII bytes so that it fits a one-byte element.</param>
    public ConsumerOutput(uint ssrc, ReadOnlySpan<byte> mid, byte midId = 1, byte absSendTimeId = 0, byte transportSequenceNumberId = 0)
    {
        if (mid.Length is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(mid), mid.Length, "A mid takes 1 to 16 bytes.");
        }

        Ssrc = ssrc;
        Mid = mid.ToArray();
        MidId = midId;
        AbsSendTimeId = absSendTimeId;
        TransportSequenceNumberId = transportSequenceNumberId;
        Array.Fill(_payloadTypes, NoPayloadType);
    }

    public uint Ssrc { get; }

    public byte[] Mid { get; }

    /// <summary>0 writes no mid.</summary>
    public byte MidId { get; }

    /// <summary>0 writes no abs-send-time (audio).</summary>
    public byte AbsSendTimeId { get; }

    /// <summary>0 writes no transport-wide sequence number (audio).</summary>
    public byte TransportSequenceNumberId { get; }

    /// <summary>Incoming (router) payload type → outgoing payload type.</summary>
    public ConsumerOutput MapPayloadType(byte incoming, byte outgoing)
    {
        _payloadTypes[incoming & 0x7F] = (byte)(outgoing & 0x7F);
        return this;
    }

    /// <summary>Incoming (router) extension id → outgoing id, for extensions copied from the producer's packet.</summary>
    /// <remarks>
    /// An outgoing id the consumer writes itself (mid, abs-send-time, transport-wide sequence) strips the copied
    /// element instead, whose value would otherwise appear twice.
    /// </remarks>
    public ConsumerOutput MapExtension(byte incoming, byte outgoing)
    {
        bool ownId = outgoing != 0 && (outgoing == MidId || outgoing == AbsSendTimeId || outgoing == TransportSequenceNumberId);
        _extensionIds[incoming] = ownId ? (byte)0 : outgoing;
        return this;
    }

    public bool TryMapPayloadType(byte incoming, out byte outgoing)
    {
        outgoing = _payloadTypes[incoming & 0x7F];
        return outgoing != NoPayloadType;
    }

    /// <summary>The outgoing id of a copied extension, or 0 to strip it.</summary>
    public byte MapExtensionId(byte incoming) => _extensionIds[incoming];

    /// <summary>The incoming → outgoing id table, as <c>RtpPacket.TryRewriteExtensionIds</c> takes it.</summary>
    internal ReadOnlySpan<byte> ExtensionIdMap => _extensionIds;
}
