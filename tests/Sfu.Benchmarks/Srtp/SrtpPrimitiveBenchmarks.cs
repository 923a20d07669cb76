using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Sfu.Transport.Srtp.Crypto;

namespace Sfu.Benchmarks.Srtp;

/// <summary>
/// The building blocks of <see cref="SrtpBenchmarks"/> on a 1,200-byte packet, to see where a protect spends
/// its time: the AES-CTR keystream (hardware and BCL), GHASH, HMAC-SHA1 over packet || ROC.
/// Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*SrtpPrimitiveBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class SrtpPrimitiveBenchmarks
{
    private readonly byte[] _data = new byte[1204]; // a 1,200-byte packet and the ROC after it
    private readonly byte[] _counter = new byte[16];
    private readonly byte[] _tag = new byte[10];
    private AesCounterMode _hardwareCtr = null!;
    private AesCounterMode _portableCtr = null!;
    private Ghash _ghash;
    private HmacSha1Authenticator _hmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] key = new byte[16];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(_data);
        _hardwareCtr = AesCounterMode.Create(key, SrtpCryptoBackend.Auto);
        _portableCtr = AesCounterMode.Create(key, SrtpCryptoBackend.Portable);
        _ghash = new Ghash(key);
        _hmac = new HmacSha1Authenticator(new byte[20]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hardwareCtr.Dispose();
        _portableCtr.Dispose();
        _hmac.Dispose();
    }

    [Benchmark(Description = "AES-CTR 1188 B, AES-NI")]
    public void CounterModeHardware() => _hardwareCtr.Apply(_counter, _data.AsSpan(12, 1188));

    [Benchmark(Description = "AES-CTR 1188 B, BCL ECB")]
    public void CounterModePortable() => _portableCtr.Apply(_counter, _data.AsSpan(12, 1188));

    [Benchmark(Description = "GHASH 12 + 1188 B")]
    public Vector128<ulong> Ghash()
    {
        Vector128<ulong> state = Vector128<ulong>.Zero;
        _ghash.AbsorbPadded(ref state, _data.AsSpan(0, 12));
        _ghash.AbsorbPadded(ref state, _data.AsSpan(12, 1188));
        return state;
    }

    [Benchmark(Description = "HMAC-SHA1 1200 + 4 B")]
    public void HmacSha1() => _hmac.ComputeTag(_data, _tag);
}
