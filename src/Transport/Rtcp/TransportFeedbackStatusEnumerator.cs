using System.Buffers.Binary;

namespace Sfu.Transport.Rtcp;

/// <summary>
/// Walks the statuses of a parsed transport-cc feedback packet without allocating: one
/// <see cref="TransportFeedbackPacketStatus"/> per reported sequence number, deltas read alongside.
/// </summary>
public ref struct TransportFeedbackStatusEnumerator
{
    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;
    private readonly ushort _baseSequenceNumber;
    private readonly int _statusCount;
    private int _reported;
    private int _chunkOffset;
    private ushort _chunk;
    private int _symbolsInChunk;
    private int _indexInChunk;
    private int _deltaOffset;
    private TransportFeedbackPacketStatus _current;

    internal TransportFeedbackStatusEnumerator(ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas, ushort baseSequenceNumber, int statusCount)
    {
        _chunks = chunks;
        _deltas = deltas;
        _baseSequenceNumber = baseSequenceNumber;
        _statusCount = statusCount;
        _reported = 0;
        _chunkOffset = 0;
        _chunk = 0;
        _symbolsInChunk = 0;
        _indexInChunk = 0;
        _deltaOffset = 0;
        _current = default;
    }

    public readonly TransportFeedbackPacketStatus Current => _current;

    public readonly TransportFeedbackStatusEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_reported >= _statusCount)
        {
            return false;
        }

        // The parser guaranteed that the chunks cover the status count and the deltas follow them.
        while (_indexInChunk >= _symbolsInChunk)
        {
            if (_chunkOffset + TransportFeedbackChunks.ChunkLength > _chunks.Length)
            {
                return false;
            }

            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkOffset..]);
            _chunkOffset += TransportFeedbackChunks.ChunkLength;
            _symbolsInChunk = TransportFeedbackChunks.SymbolCount(_chunk);
            _indexInChunk = 0;
        }

        int symbol = TransportFeedbackChunks.SymbolAt(_chunk, _indexInChunk++);
        var sequenceNumber = (ushort)(_baseSequenceNumber + _reported);
        _reported++;
        int delta = 0;
        if (symbol == TransportFeedbackChunks.SmallDelta)
        {
            delta = _deltas[_deltaOffset];
        }
        else if (symbol == TransportFeedbackChunks.LargeDelta)
        {
            delta = BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaOffset..]);
        }

        _deltaOffset += symbol;
        _current = new TransportFeedbackPacketStatus(sequenceNumber, symbol != TransportFeedbackChunks.NotReceived, delta);
        return true;
    }
}
