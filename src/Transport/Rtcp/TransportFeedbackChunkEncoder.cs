using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Turns a stream of status symbols into packet status chunks, picking per stretch the chunk that covers it
/// best: runs of one symbol become run length chunks (up to 8191), mixed stretches become one-bit vectors
/// (14 statuses) when every delta is small, two-bit vectors (7 statuses) otherwise. It keeps up to 14 pending
/// symbols and emits a chunk only once the next symbol no longer fits any chunk the pending ones could form.
/// A value type, so the builder can snapshot it and roll back a packet that would not fit.
/// </summary>
internal struct TransportFeedbackChunkEncoder
{
    /// <summary>Pending symbols, two bits each, the oldest in the lowest bits (only the first 14 are kept).</summary>
    private ulong _pending;
    private int _pendingCount;
    private bool _allSame;
    private bool _hasLarge;
    private int _emittedChunks;

    /// <summary>Set when a chunk did not fit the chunk area; the caller must then roll back.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The bytes of chunks once the pending symbols are flushed.</summary>
    public readonly int EncodedLength => TransportFeedbackChunks.ChunkLength * (_emittedChunks + (_pendingCount > 0 ? 1 : 0));

    private readonly int FirstSymbol => (int)(_pending & 3);

    /// <summary>Adds <paramref name="repeat"/> copies of a symbol, writing completed chunks into <paramref name="chunkArea"/>.</summary>
    public void Add(int symbol, int repeat, Span<byte> chunkArea)
    {
        while (repeat > 0)
        {
            if (_allSame && _pendingCount >= TransportFeedbackChunks.OneBitCapacity && symbol == FirstSymbol
                && _pendingCount < TransportFeedbackChunks.MaxRunLength)
            {
                // Inside a long run only the count changes: take as much of the repeat as the run can hold.
                int taken = Math.Min(repeat, TransportFeedbackChunks.MaxRunLength - _pendingCount);
                _pendingCount += taken;
                repeat -= taken;
                continue;
            }

            if (!CanAppend(symbol))
            {
                Emit(chunkArea);
                continue;
            }

            Append(symbol);
            repeat--;
        }
    }

    /// <summary>Writes the pending symbols as the last chunk, which may leave vector slots unused.</summary>
    public void Flush(Span<byte> chunkArea)
    {
        if (_pendingCount == 0)
        {
            return;
        }

        ushort chunk = _allSame ? TransportFeedbackChunks.RunLength(FirstSymbol, _pendingCount)
            : _hasLarge ? TransportFeedbackChunks.TwoBitVector(_pending, _pendingCount)
            : TransportFeedbackChunks.OneBitVector(_pending, _pendingCount);
        WriteChunk(chunkArea, chunk);
        _pendingCount = 0;
        _pending = 0;
    }

    private readonly bool CanAppend(int symbol)
    {
        if (_pendingCount < TransportFeedbackChunks.TwoBitCapacity)
        {
            return true;
        }

        if (_pendingCount < TransportFeedbackChunks.OneBitCapacity && !_hasLarge && symbol != TransportFeedbackChunks.LargeDelta)
        {
            return true;
        }

        return _allSame && symbol == FirstSymbol && _pendingCount < TransportFeedbackChunks.MaxRunLength;
    }

    private void Append(int symbol)
    {
        if (_pendingCount == 0)
        {
            _allSame = true;
            _hasLarge = false;
        }
        else if (symbol != FirstSymbol)
        {
            _allSame = false;
        }

        if (_pendingCount < TransportFeedbackChunks.OneBitCapacity)
        {
            _pending |= (ulong)symbol << (2 * _pendingCount);
        }

        _hasLarge |= symbol == TransportFeedbackChunks.LargeDelta;
        _pendingCount++;
    }

    /// <summary>Emits the chunk the pending symbols call for; only called with at least 7 pending.</summary>
    private void Emit(Span<byte> chunkArea)
    {
        if (_allSame)
        {
            WriteChunk(chunkArea, TransportFeedbackChunks.RunLength(FirstSymbol, _pendingCount));
            _pendingCount = 0;
            _pending = 0;
            return;
        }

        if (!_hasLarge && _pendingCount == TransportFeedbackChunks.OneBitCapacity)
        {
            WriteChunk(chunkArea, TransportFeedbackChunks.OneBitVector(_pending, _pendingCount));
            _pendingCount = 0;
            _pending = 0;
            return;
        }

        // Seven statuses go out as a two-bit vector; the rest stay pending.
        WriteChunk(chunkArea, TransportFeedbackChunks.TwoBitVector(_pending, TransportFeedbackChunks.TwoBitCapacity));
        _pending >>= 2 * TransportFeedbackChunks.TwoBitCapacity;
        _pendingCount -= TransportFeedbackChunks.TwoBitCapacity;
        _allSame = true;
        _hasLarge = false;
        for (int i = 0; i < _pendingCount; i++)
        {
            int symbol = (int)((_pending >> (2 * i)) & 3);
            _allSame &= symbol == FirstSymbol;
            _hasLarge |= symbol == TransportFeedbackChunks.LargeDelta;
        }
    }

    private void WriteChunk(Span<byte> chunkArea, ushort chunk)
    {
        int offset = TransportFeedbackChunks.ChunkLength * _emittedChunks;
        if (offset + TransportFeedbackChunks.ChunkLength > chunkArea.Length)
        {
            Overflowed = true;
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(chunkArea[offset..], chunk);
        }

        _emittedChunks++;
    }
}
