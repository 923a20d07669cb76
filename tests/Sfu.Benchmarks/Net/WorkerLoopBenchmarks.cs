using BenchmarkDotNet.Attributes;
using Sfu.Transport.Net;

namespace Sfu.Benchmarks.Net;

/// <summary>
/// What waking an idle media worker costs: a post from another thread to a loop blocked in Socket.Select (woken by
/// its loopback datagram) until the item has run, and the same for a loop already busy with posts (no datagram:
/// the wake flag is still set). Run: dotnet run -c Release --project tests/Sfu.Benchmarks -- --filter '*WorkerLoopBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class WorkerLoopBenchmarks
{
    private const int Burst = 100;

    private MediaWorkerLoop loop = null!;
    private CountingItem item = null!;

    [GlobalSetup]
    public void Setup()
    {
        loop = new MediaWorkerLoop();
        item = new CountingItem();
    }

    [GlobalCleanup]
    public void Cleanup() => loop.Dispose();

    [Benchmark(Description = "post to an idle loop, wait until run")]
    public void PostToIdleLoop()
    {
        long target = item.Runs + 1;
        loop.Post(item);
        SpinUntil(target);
    }

    [Benchmark(OperationsPerInvoke = Burst, Description = "burst of 100 posts, per post")]
    public void PostBurst()
    {
        long target = item.Runs + Burst;
        for (int i = 0; i < Burst; i++)
        {
            loop.Post(item);
        }

        SpinUntil(target);
    }

    private void SpinUntil(long target)
    {
        var spinner = new SpinWait();
        while (item.Runs < target)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private sealed class CountingItem : IThreadPoolWorkItem
    {
        private long runs;

        public long Runs => Volatile.Read(ref runs);

        public void Execute() => Interlocked.Increment(ref runs);
    }
}
