namespace Sfu.Transport.Tests.Rtp.Support;

/// <summary>
/// Seeded mutations of a sample datagram, in the spirit of a fuzzer's havoc stage: bit flips, random bytes,
/// boundary values, truncation, extension with random bytes, insertion and deletion. The same seed always
/// gives the same sequence, so a failure names its iteration and can be replayed.
/// </summary>
internal sealed class PacketMutator
{
    private static readonly byte[] BoundaryBytes = [0x00, 0x01, 0x0F, 0x10, 0x7F, 0x80, 0xBE, 0xDE, 0xF0, 0xFE, 0xFF];

    private readonly Random _random;

    public PacketMutator(int seed) => _random = new Random(seed);

    public Random Random => _random;

    /// <summary>Copies <paramref name="sample"/> into <paramref name="destination"/>, mutates it and returns the new length.</summary>
    public int Mutate(ReadOnlySpan<byte> sample, Span<byte> destination)
    {
        int length = Math.Min(sample.Length, destination.Length);
        sample[..length].CopyTo(destination);
        int rounds = 1 + _random.Next(3);
        for (int round = 0; round < rounds; round++)
        {
            length = MutateOnce(destination, length);
        }

        return length;
    }

    private int MutateOnce(Span<byte> data, int length)
    {
        switch (_random.Next(8))
        {
            case 0 when length > 0:
                data[_random.Next(length)] ^= (byte)(1 << _random.Next(8));
                return length;
            case 1 when length > 0:
                data[_random.Next(length)] = (byte)_random.Next(256);
                return length;
            case 2 when length > 0:
                data[_random.Next(length)] = BoundaryBytes[_random.Next(BoundaryBytes.Length)];
                return length;
            case 3 when length > 0:
                return _random.Next(length);
            case 4:
            {
                int extra = Math.Min(1 + _random.Next(16), data.Length - length);
                _random.NextBytes(data.Slice(length, extra));
                return length + extra;
            }
            case 5 when length > 0 && length < data.Length:
            {
                int at = _random.Next(length + 1);
                data[at..length].CopyTo(data[(at + 1)..]);
                data[at] = (byte)_random.Next(256);
                return length + 1;
            }
            case 6 when length > 0:
            {
                int at = _random.Next(length);
                data[(at + 1)..length].CopyTo(data[at..]);
                return length - 1;
            }
            case 7 when length > 1:
            {
                // Byte pairs are where lengths and counts live in these formats.
                int at = _random.Next(length - 1);
                data[at] = BoundaryBytes[_random.Next(BoundaryBytes.Length)];
                data[at + 1] = BoundaryBytes[_random.Next(BoundaryBytes.Length)];
                return length;
            }
            default:
                return length;
        }
    }
}
