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
/// that does not fit before a chunk's end goes on at the start of the next), so the buffer holds what the stream sent
/// in the maximum age, not that many packets of the largest size. An index by sequence number (a slot per number
/// modulo its capacity) says where each packet starts, and on which pass over that chunk; a packet whose chunk has
/// since been written over or given back is not handed out.
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

        (int chunk, int offset) = Write(packet, nowMs);
        ref Slot slot = ref _slots[index];
        if (!slot.Used)
        {
            _count++;
        }

        slot = new Slot(sequenceNumber, (ushort)packet.Length, (ushort)chunk, (ushort)offset, _chunks[chunk].Pass, nowMs);
        _lastStoredAtMs = nowMs;
        return true;
    }

    /// <summary>
    /// Copies the stored packet with this sequence number into <paramref name="destination"/>, when it is still there
    /// and younger than the maximum age. <paramref name="length"/> is its length; false (and 0) when it is not kept
    /// or does not fit.
    /// </summary>
    public bool TryCopy(ushort sequenceNumber, long nowMs, Span<byte> destination, out int length)
    {
        length = 0;
        Slot slot = _slots[sequenceNumber % _capacity];
        if (!slot.Used || slot.SequenceNumber != sequenceNumber || Elapsed(nowMs, slot.StoredAtMs) > _settings.MaxAgeMs
            || slot.Length > destination.Length)
        {
            return false;
        }

        Chunk chunk = _chunks[slot.Chunk];
        int first = Math.Min(slot.Length, _settings.ChunkSize - slot.Offset);
        byte[]? rest = first < slot.Length ? _chunks[chunk.Next].Bytes : chunk.Bytes;

        // The chunk a packet's end went on to is written over only after the one it began in (the ring is written
        // in order), so the pass of the first says whether both still hold it.
        if (chunk.Pass != slot.Pass || chunk.Bytes is null || rest is null)
        {
            return false;
        }

        chunk.Bytes.AsSpan(slot.Offset, first).CopyTo(destination);
        rest.AsSpan(0, slot.Length - first).CopyTo(destination[first..]);
        length = slot.Length;
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
    /// Writes a packet where the last one ended: the chunk's remaining bytes, then the next chunk's first ones when it
    /// does not fit (growing or shrinking the ring as the stream's rate asks). Returns where it starts.
    /// </summary>
    private (int Chunk, int Offset) Write(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (_current == NoChunk)
        {
            int first = TakeChunk();
            _chunks[first].Next = first;
            Enter(first);
        }

        int room = _settings.ChunkSize - _offset;
        if (packet.Length > room)
        {
            int next = NextChunkToWrite(nowMs);
            if (next != _current && room > 0)
            {
                (int Chunk, int Offset) start = (_current, _offset);
                packet[..room].CopyTo(_chunks[_current].Bytes.AsSpan(_offset));
                _chunks[_current].WrittenAtMs = unchecked((int)nowMs);
                Enter(next);
                packet[room..].CopyTo(_chunks[next].Bytes);
                _offset = packet.Length - room;
                _chunks[next].WrittenAtMs = unchecked((int)nowMs);
                return start;
            }

            // Nothing is left of the current chunk, or it is the ring's only one and goes over its own bytes again:
            // the packet starts the next pass.
            Enter(next);
        }

        (int Chunk, int Offset) at = (_current, _offset);
        packet.CopyTo(_chunks[_current].Bytes.AsSpan(_offset));
        _offset += packet.Length;
        _chunks[_current].WrittenAtMs = unchecked((int)nowMs);
        return at;
    }

    /// <summary>The chunk the writer goes on with, once the current one is full (itself, for a ring of one chunk).</summary>
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
