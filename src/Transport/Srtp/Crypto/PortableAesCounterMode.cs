using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Transport.Srtp.Crypto;

/// <summary>
/// AES-CTR on the BCL's AES-ECB, for CPUs without AES-NI (and any key size). The encryptor is created once;
/// <see cref="ICryptoTransform.TransformBlock"/> into our own arrays allocates nothing, whereas
/// <c>Aes.EncryptEcb</c> builds a native cipher context on every call.
/// Counter blocks for a whole chunk are prepared first so that one native call makes the keystream.
/// </summary>
internal sealed class PortableAesCounterMode : AesCounterMode
{
    // A full-size datagram in one call; longer inputs loop.
    private const int ChunkBytes = 2048;

    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counterBlocks = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public PortableAesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    public override void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        input[..BlockSize].CopyTo(_counterBlocks);
        _encryptor.TransformBlock(_counterBlocks, 0, BlockSize, _keystream, 0);
        _keystream.AsSpan(0, BlockSize).CopyTo(output);
    }

    public override void Apply(ReadOnlySpan<byte> initialCounter, Span<byte> data)
    {
        ReadOnlySpan<byte> prefix = initialCounter[..12];
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(initialCounter.Slice(12, 4));
        while (!data.IsEmpty)
        {
            int chunk = Math.Min(data.Length, ChunkBytes);
            int blocks = (chunk + BlockSize - 1) / BlockSize;
            for (int b = 0; b < blocks; b++)
            {
                Span<byte> block = _counterBlocks.AsSpan(b * BlockSize, BlockSize);
                prefix.CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter++);
            }

            _encryptor.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0);
            ByteXor.InPlace(data[..chunk], _keystream.AsSpan(0, chunk));
            data = data[chunk..];
        }
    }

    public override void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
