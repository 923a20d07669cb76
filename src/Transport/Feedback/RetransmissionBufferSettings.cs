namespace Sfu.Transport.Feedback;

/// <summary>
/// Size of an incoming stream's retransmission history (<see cref="RetransmissionBuffer"/>) and of each consumer's
/// log of what it sent (<see cref="SentPacketLog"/>). mediasoup keeps up to 2 500 packets for at most 2 s (video) or
/// 1 s (audio) (PROTOCOL.md §7.3); 600 slots cover about a second of a 5 Mbps video stream. Both start with
/// <paramref name="InitialCapacity"/> slots and double, up to <paramref name="Capacity"/>, only when a packet still
/// young enough to be NACKed would be overwritten: a 150 kbit/s layer or an opus stream never needs the slots a
/// 4 Mbit/s layer does. A retransmission buffer's bytes live in chunks of <paramref name="ChunkSize"/> bytes, taken
/// and given back as the stream's bitrate needs: opus packets are a tenth of a video packet's size, and a video
/// stream's packets are rarely the largest allowed.
/// </summary>
/// <param name="Capacity">Most packets kept; a retransmission buffer keeps at most this many times <paramref name="SlotSize"/> bytes.</param>
/// <param name="SlotSize">Largest packet kept; a bigger one is not stored.</param>
/// <param name="MaxAgeMs">A packet older than this is not retransmitted any more: it would arrive too late to play.</param>
/// <param name="InitialCapacity">Slots allocated when the buffer is made.</param>
/// <param name="ChunkSize">
/// Bytes of each piece of a retransmission buffer's ring, at least <paramref name="SlotSize"/> (a packet spans at most
/// two) and at most 65,535. A buffer holds its stream's bytes of the maximum age plus about one chunk (the one being
/// written over) and takes and gives back a chunk at a time: small chunks follow the rate closely, each costs a
/// pointer and an array header.
/// </param>
public sealed record RetransmissionBufferSettings(
    int Capacity = 600, int SlotSize = 1500, int MaxAgeMs = 2000, int InitialCapacity = 32, int ChunkSize = 4096)
{
    public static RetransmissionBufferSettings Video { get; } = new();

    public static RetransmissionBufferSettings Audio { get; } = new(Capacity: 100, MaxAgeMs: 1000, InitialCapacity: 16, ChunkSize: 2048);
}
