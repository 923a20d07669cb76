namespace Sfu.Transport.Ortc;

/// <summary>
/// Random SSRCs as mediasoup draws them: uniform in [100000000, 999999998] (randomInt's upper bound is exclusive),
/// so never SSRC 1234, which mediasoup-client reserves for its probator stream (PROTOCOL §6.7, R77).
/// </summary>
public static class SsrcGenerator
{
    public const uint Min = 100_000_000;

    public const uint Max = 999_999_998;

    /// <summary>A fresh random SSRC from <see cref="Random.Shared"/>.</summary>
    public static uint Next() => (uint)Random.Shared.NextInt64(Min, (long)Max + 1);

    /// <summary>A reproducible generator for tests and simulations.</summary>
    public static Func<uint> Seeded(int seed)
    {
        var random = new Random(seed);
        return () => (uint)random.NextInt64(Min, (long)Max + 1);
    }
}
