using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsHandshakePoolTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public void Pool_never_runs_more_work_items_at_once_than_its_size()
    {
        using var pool = new DtlsHandshakePool(2);
        using var gate = new ManualResetEventSlim();
        using var allDone = new CountdownEvent(8);
        int concurrent = 0;
        int maxConcurrent = 0;

        for (int i = 0; i < 8; i++)
        {
            pool.TryEnqueue(() =>
            {
                int now = Interlocked.Increment(ref concurrent);
                InterlockedMax(ref maxConcurrent, now);
                gate.Wait(Bound);
                Interlocked.Decrement(ref concurrent);
                allDone.Signal();
            }).Should().BeTrue();
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref concurrent) == 2 && pool.Queued == 6, Bound).Should().BeTrue("two items run, six wait");
        pool.Running.Should().Be(2);
        gate.Set();
        allDone.Wait(Bound).Should().BeTrue();

        maxConcurrent.Should().Be(2);
    }

    [Fact]
    public void A_finished_work_item_is_not_kept_alive_by_the_thread_that_ran_it()
    {
        using var pool = new DtlsHandshakePool(1);
        using var ran = new ManualResetEventSlim();
        WeakReference transport = EnqueueStepHolding(pool, ran);
        ran.Wait(Bound).Should().BeTrue();
        SpinWait.SpinUntil(() => pool.Running == 0, Bound).Should().BeTrue();

        // The idle thread waits for the next item: what it ran last (a handshake step and its transport) must be free.
        SpinWait.SpinUntil(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return !transport.IsAlive;
        }, Bound).Should().BeTrue();
    }

    /// <summary>Queues a step that holds an object standing for its transport; only the pool references it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference EnqueueStepHolding(DtlsHandshakePool pool, ManualResetEventSlim ran)
    {
        var transport = new byte[1024];
        pool.TryEnqueue(() =>
        {
            GC.KeepAlive(transport);
            ran.Set();
        }).Should().BeTrue();
        return new WeakReference(transport);
    }

    [Fact]
    public void A_work_item_that_throws_is_counted_and_the_thread_keeps_working()
    {
        using var pool = new DtlsHandshakePool(1);
        using var ranAfter = new ManualResetEventSlim();

        pool.TryEnqueue(() => throw new InvalidOperationException("boom"));
        pool.TryEnqueue(ranAfter.Set);

        ranAfter.Wait(Bound).Should().BeTrue();
        pool.Faulted.Should().Be(1);
    }

    [Fact]
    public void A_disposed_pool_refuses_work()
    {
        var pool = new DtlsHandshakePool(1);

        pool.Dispose();

        pool.TryEnqueue(static () => { }).Should().BeFalse();
    }

    [Fact]
    public void Default_size_is_two_threads_per_core()
    {
        DtlsHandshakePool.DefaultSize.Should().Be(2 * Environment.ProcessorCount);
        using var pool = new DtlsHandshakePool();
        pool.Size.Should().Be(DtlsHandshakePool.DefaultSize);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current = Volatile.Read(ref target);
        while (value > current)
        {
            int seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
