using System.Buffers.Binary;
using Sfu.Transport.Net;
using Sfu.Transport.Rtp;

namespace Sfu.Transport.Feedback;

/// <summary>
/// Copies of the packets of one incoming stream, kept under their sequence number so that every consumer of the
/// stream can rebuild a packet its receiver NACKed (RFC 4585 §6.2.1, PROTOCOL.md §7.3, R94) from this one copy (see
/// <see cref="SentPacketLog"/>) instead of keeping its own.
/// <para>
/// The bytes go back to back into a ring of chunks (<see cref="RetransmissionBufferSettings.ChunkSize"/>; a packet
/// that would not fit before a chunk's end starts the next one), so the buffer holds what the stream sent in the
/// maximum age, not that many packets of the largest size. An index by sequence number (a slot per number modulo its
/// capacity) says which chunk, on which pass over it, holds each packet; a packet whose chunk has since been written
/// over or given back is not handed out.
/// </para>
/// <para>
/// Both follow the stream's rate. The index doubles (up to the configured capacity) when a packet younger than the
/// maximum age would lose its slot. Before the writer moves on to the ring's oldest chunk it looks at when that chunk
/// was last written: if that is within the maximum age, a chunk is inserted ahead of it instead; if the next-oldest
/// too holds only older packets, the ring has more chunks than its stream needs and gives back all such chunks but
/// the one it writes over. Growing copies nothing and leaves no large array behind for the garbage collector's rare
/// full collections, and chunks come from and go back to the worker's <see cref="ChunkPool"/>, so a buffer whose
/// stream's rate is steady allocates nothing. A buffer that nothing was stored in for the maximum age (a simulcast
/// layer nobody receives any more) gives back all its chunks (<see cref="ReleaseIfIdle"/>).
/// </para>
/// </summary>
public sealed class RetransmissionBuffer
{
    private const int NoChunk = -1;

    private readonly RetransmissionBufferSettings _settings;
    private readonly ChunkPool? _pool;
    private readonly int _maxChunks;

    /// <summary>
    /// Every chunk this buffer ever had, by the number slots refer to it with; a number keeps its entry (and its pass
    /// count) after its bytes were given back, so that no slot of an earlier pass can match it again.
    /// </summary>
    private Chunk[] _chunks;
    private int _chunkNumbersUsed;
    private int _chunkCount;
    private int _current = NoChunk;
    private int _offset;
    private Slot[] _slots;
    private int _capacity;
    private int _count;
    private long _lastStoredAtMs = long.MinValue;

    /// <param name="settings">Sizes and maximum age; video's when null.</param>
    /// <param name="pool">Where chunks come from and go back to (the worker's); null makes and drops them.</param>
    public RetransmissionBuffer(RetransmissionBufferSettings? settings = null, ChunkPool? pool = null)
    {
        _settings = settings ?? RetransmissionBufferSettings.Video;
        if (_settings.Capacity <= 0 || _settings.InitialCapacity <= 0 || _settings.SlotSize < RtpPacket.FixedHeaderLength
            || _settings.ChunkSize < _settings.SlotSize || _settings.ChunkSize > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), _settings,
                "The retransmission buffer needs at least one slot of at least an RTP header, and chunks of at least a slot and at most 65,535 bytes.");
        }

        _pool = pool;
        long maxChunks = ((long)_settings.Capacity * _settings.SlotSize + _settings.ChunkSize - 1) / _settings.ChunkSize;
        _maxChunks = (int)Math.Clamp(maxChunks, 1, ushort.MaxValue);
        _chunks = new Chunk[Math.Min(4, _maxChunks)];
        _capacity = InitialCapacity;
        _slots = new Slot[_capacity];
    }

    public RetransmissionBufferSettings Settings => _settings;

    /// <summary>Index slots holding a packet (whose bytes may since have been overwritten).</summary>
    public int Count => _count;

    /// <summary>Index slots allocated now: between the initial and the configured capacity.</summary>
    public int CurrentCapacity => _capacity;

    /// <summary>Chunks in the ring now: none before the first packet, at most capacity × slot size in chunks.</summary>
    public int ChunkCount => _chunkCount;

    /// <summary>Bytes of the ring now: its chunks times the chunk size.</summary>
    public int CurrentRingBytes => _chunkCount * _settings.ChunkSize;

    private int InitialCapacity => Math.Min(_settings.InitialCapacity, _settings.Capacity);

    /// <summary>
    /// Keeps a copy of a packet as it was sent (after rewriting), under the sequence number in its header.
    /// Returns false for a packet that is not RTP-sized or larger than <see cref="RetransmissionBufferSettings.SlotSize"/>.
    /// </summary>
    public bool Store(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength || packet.Length > _settings.SlotSize)
        {
            return false;
        }

        ushort sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int index = sequenceNumber % _capacity;
        if (_capacity < _settings.Capacity && WouldEvictYoungPacket(_slots[index], sequenceNumber, nowMs))
        {
            GrowIndex(Math.Min(_capacity * 2, _settings.Capacity));
            index = sequenceNumber % _capacity;
        }

        int offset = Reserve(packet.Length, nowMs);
        ref Chunk chunk = ref _chunks[_current];
        packet.CopyTo(chunk.Bytes.AsSpan(offset, packet.Length));
        ref Slot slot = ref _slots[index];
        if (!slot.Used)
        {
            _count++;
        }

        slot = new Slot(sequenceNumber, (ushort)packet.Length, (ushort)_current, (ushort)offset, chunk.Pass, nowMs);
        _lastStoredAtMs = nowMs;
        return true;
    }

    /// <summary>
    /// The stored packet with this sequence number, when it is still there and younger than the maximum age.
    /// <paramref name="packet"/> is the stored copy itself, valid until the next <see cref="Store"/>: read it, never
    /// write it (other consumers may read it next).
    /// </summary>
    public bool TryGet(ushort sequenceNumber, long nowMs, out Span<byte> packet)
    {
        packet = default;
        Slot slot = _slots[sequenceNumber % _capacity];
        if (!slot.Used || slot.SequenceNumber != sequenceNumber || Elapsed(nowMs, slot.StoredAtMs) > _settings.MaxAgeMs)
        {
            return false;
        }

        Chunk chunk = _chunks[slot.Chunk];
        if (chunk.Pass != slot.Pass)
        {
            return false;
        }

        packet = chunk.Bytes.AsSpan(slot.Offset, slot.Length);
        return true;
    }

    /// <summary>Empties the index (the chunks stay for the packets to come).</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
    }

    /// <summary>
    /// Gives back every chunk and what the index grew to once nothing was stored for the maximum age: every packet it
    /// holds is too old to send again. Returns whether it did.
    /// </summary>
    public bool ReleaseIfIdle(long nowMs)
    {
        if (nowMs - _lastStoredAtMs <= _settings.MaxAgeMs || (_chunkCount == 0 && _capacity == InitialCapacity))
        {
            return false;
        }

        Release();
        return true;
    }

    /// <summary>
    /// Gives back every chunk to the pool and forgets every packet (the stream's producer closed). The buffer stays
    /// usable: the next packet stored takes a chunk again.
    /// </summary>
    public void Release()
    {
        while (_chunkCount > 0)
        {
            int next = _chunks[_current].Next;
            FreeChunk(_current);
            _current = next;
        }

        _current = NoChunk;
        _offset = 0;
        _count = 0;
        if (_capacity == InitialCapacity)
        {
            Array.Clear(_slots);
        }
        else
        {
            _capacity = InitialCapacity;
            _slots = new Slot[_capacity];
        }
    }

    private bool WouldEvictYoungPacket(in Slot slot, ushort sequenceNumber, long nowMs) =>
        slot.Used && slot.SequenceNumber != sequenceNumber && Elapsed(nowMs, slot.StoredAtMs) <= _settings.MaxAgeMs;

    /// <summary>
    /// Where in the current chunk the next packet of <paramref name="length"/> bytes goes; moves on to another chunk
    /// first when the current one has no room left (growing or shrinking the ring as the stream's rate asks).
    /// </summary>
    private int Reserve(int length, long nowMs)
    {
        if (_current == NoChunk)
        {
            int first = TakeChunk();
            _chunks[first].Next = first;
            Enter(first);
        }
        else if (_offset + length > _settings.ChunkSize)
        {
            Enter(NextChunkToWrite(nowMs));
        }

        int offset = _offset;
        _offset += length;
        _chunks[_current].WrittenAtMs = unchecked((int)nowMs);
        return offset;
    }

    /// <summary>The chunk the writer goes on with, once the current one is full.</summary>
    private int NextChunkToWrite(long nowMs)
    {
        int oldest = _chunks[_current].Next;
        if (IsYoung(oldest, nowMs))
        {
            if (_chunkCount >= _maxChunks)
            {
                // At the most the settings allow: the oldest packets go, young or not.
                return oldest;
            }

            int inserted = TakeChunk();
            _chunks[inserted].Next = oldest;
            _chunks[_current].Next = inserted;
            return inserted;
        }

        // While the next-oldest chunk is old enough to be overwritten too, the ring is a chunk larger than its stream
        // needs now (it slowed down, or a key frame's burst has passed): the oldest goes back.
        int nextOldest = _chunks[oldest].Next;
        while (nextOldest != _current && !IsYoung(nextOldest, nowMs))
        {
            _chunks[_current].Next = nextOldest;
            FreeChunk(oldest);
            oldest = nextOldest;
            nextOldest = _chunks[oldest].Next;
        }

        return oldest;
    }

    /// <summary>Starts a new pass over a chunk: every packet an earlier pass left in it stops answering.</summary>
    private void Enter(int chunk)
    {
        _chunks[chunk].Pass++;
        _current = chunk;
        _offset = 0;
    }

    private bool IsYoung(int chunk, long nowMs) => Elapsed(nowMs, _chunks[chunk].WrittenAtMs) <= _settings.MaxAgeMs;

    /// <summary>A chunk number without bytes, given bytes from the pool (a number freed earlier, or a new one).</summary>
    private int TakeChunk()
    {
        int number = 0;
        while (number < _chunkNumbersUsed && _chunks[number].Bytes is not null)
        {
            number++;
        }

        if (number == _chunkNumbersUsed)
        {
            if (number == _chunks.Length)
            {
                Array.Resize(ref _chunks, Math.Min(_chunks.Length * 2, _maxChunks));
            }

            _chunkNumbersUsed++;
        }

        _chunks[number].Bytes = _pool?.Rent(_settings.ChunkSize) ?? new byte[_settings.ChunkSize];
        _chunkCount++;
        return number;
    }

    private void FreeChunk(int number)
    {
        ref Chunk chunk = ref _chunks[number];
        if (chunk.Bytes is { } bytes)
        {
            _pool?.Return(bytes);
        }

        chunk.Bytes = null;
        chunk.Pass++;
        _chunkCount--;
    }

    /// <summary>Re-lays the index with more slots and moves every entry to its new slot.</summary>
    private void GrowIndex(int capacity)
    {
        var slots = new Slot[capacity];
        int count = 0;
        for (int old = 0; old < _capacity; old++)
        {
            Slot moving = _slots[old];
            if (!moving.Used)
            {
                continue;
            }

            int index = moving.SequenceNumber % capacity;
            if (slots[index].Used)
            {
                // Two packets a multiple of the new capacity apart: only the newer one can still be asked for.
                if (Elapsed(slots[index].StoredAtMs, moving.StoredAtMs) >= 0)
                {
                    continue;
                }
            }
            else
            {
                count++;
            }

            slots[index] = moving;
        }

        _slots = slots;
        _capacity = capacity;
        _count = count;
    }

    /// <summary>Milliseconds from <paramref name="thenMs"/> (the low 32 bits of the loop's clock) to <paramref name="nowMs"/>.</summary>
    private static int Elapsed(long nowMs, int thenMs) => unchecked((int)nowMs - thenMs);

    private struct Chunk
    {
        /// <summary>The chunk's bytes; null once given back.</summary>
        public byte[]? Bytes;

        /// <summary>The chunk after this one in the ring: the oldest one, seen from the chunk being written.</summary>
        public int Next;

        /// <summary>Passes over this chunk so far (and times given back): a slot answers only on the pass it was written in.</summary>
        public int Pass;

        /// <summary>When a packet was last written into the chunk (the loop's clock, low 32 bits).</summary>
        public int WrittenAtMs;
    }

    /// <summary>16 bytes per packet kept: times are the low 32 bits of the loop's clock, compared by wrapping difference.</summary>
    private readonly struct Slot(ushort sequenceNumber, ushort length, ushort chunk, ushort offset, int pass, long storedAtMs)
    {
        public readonly ushort SequenceNumber = sequenceNumber;
        public readonly ushort Length = length;
        public readonly ushort Chunk = chunk;
        public readonly ushort Offset = offset;

        /// <summary>The pass over <see cref="Chunk"/> that wrote the packet; 0 for a slot never used (passes start at 1).</summary>
        public readonly int Pass = pass;

        public readonly int StoredAtMs = unchecked((int)storedAtMs);

        public bool Used => Pass != 0;
    }
}
