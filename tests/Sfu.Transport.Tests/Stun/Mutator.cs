namespace Sfu.Transport.Tests.Stun;

/// <summary>
/// Seeded, reproducible corruption of sample packets for never-throws tests: bit flips, byte overwrites,
/// truncation, extension, insertion, deletion, "interesting" 16-bit values (lengths and types live there), and
/// now and then pure random bytes.
/// </summary>
internal sealed class Mutator
{
    private static readonly ushort[] InterestingWords = [0x0000, 0x0001, 0x0003, 0x0004, 0x0008, 0x0014, 0x7FFF, 0x8000, 0xFFFC, 0xFFFF];

    public Mutator(int seed) => Random = new Random(seed);

    public Random Random { get; }

    public byte[] Mutate(byte[] sample)
    {
        var data = new List<byte>(sample);
        int operations = 1 + Random.Next(4);
        for (int i = 0; i < operations; i++)
        {
            ApplyOne(data);
        }

        return [.. data];
    }

    private void ApplyOne(List<byte> data)
    {
        switch (Random.Next(8))
        {
            case 0 when data.Count > 0:
                data[Random.Next(data.Count)] ^= (byte)(1 << Random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[Random.Next(data.Count)] = (byte)Random.Next(256);
                break;
            case 2:
                Truncate(data);
                break;
            case 3:
                Extend(data);
                break;
            case 4:
                data.Insert(Random.Next(data.Count + 1), (byte)Random.Next(256));
                break;
            case 5 when data.Count > 0:
                int start = Random.Next(data.Count);
                data.RemoveRange(start, 1 + Random.Next(Math.Min(8, data.Count - start)));
                break;
            case 6 when data.Count >= 2:
                int at = Random.Next(data.Count - 1);
                ushort word = InterestingWords[Random.Next(InterestingWords.Length)];
                data[at] = (byte)(word >> 8);
                data[at + 1] = (byte)word;
                break;
            case 7 when Random.Next(16) == 0:
                data.Clear();
                Extend(data);
                break;
            default:
                Extend(data);
                break;
        }
    }

    private void Truncate(List<byte> data)
    {
        int keep = Random.Next(data.Count + 1);
        data.RemoveRange(keep, data.Count - keep);
    }

    private void Extend(List<byte> data)
    {
        int extra = 1 + Random.Next(16);
        for (int i = 0; i < extra; i++)
        {
            data.Add((byte)Random.Next(256));
        }
    }
}
