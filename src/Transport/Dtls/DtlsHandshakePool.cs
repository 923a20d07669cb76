using System.Collections.Concurrent;

namespace Sfu.Transport.Dtls;

/// <summary>
/// A fixed set of dedicated threads that run BouncyCastle's blocking handshakes. A handshake blocks its thread
/// between flights (up to the handshake timeout), so running it on the shared thread pool would starve other
/// work; a bounded set of threads caps how many handshakes progress at once, and the rest wait in order. Once a
/// handshake returns its thread is free again: no thread is kept per session.
/// </summary>
public sealed class DtlsHandshakePool : IDisposable
{
    private static readonly Lazy<DtlsHandshakePool> SharedPool = new(() => new DtlsHandshakePool());

    private readonly BlockingCollection<Action> _work = new(new ConcurrentQueue<Action>());
    private readonly Thread[] _threads;
    private int _running;
    private long _faulted;

    /// <param name="size">Number of threads; 0 or less means <see cref="DefaultSize"/>.</param>
    public DtlsHandshakePool(int size = 0)
    {
        Size = size > 0 ? size : DefaultSize;
        _threads = new Thread[Size];
        for (int i = 0; i < Size; i++)
        {
            _threads[i] = new Thread(RunWorker)
            {
                IsBackground = true,
                Name = $"dtls-handshake-{i}",
            };
            _threads[i].Start();
        }
    }

    /// <summary>Two threads per core: handshakes mostly wait on the network, yet their crypto is CPU-bound.</summary>
    public static int DefaultSize => 2 * Environment.ProcessorCount;

    /// <summary>A process-wide pool of <see cref="DefaultSize"/> threads, created on first use.</summary>
    public static DtlsHandshakePool Shared => SharedPool.Value;

    public int Size { get; }

    /// <summary>Work items executing right now (never more than <see cref="Size"/>).</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Work items waiting for a thread.</summary>
    public int Queued => _work.Count;

    /// <summary>Work items that threw; the endpoint catches its own errors, so this stays zero unless there is a bug.</summary>
    public long Faulted => Interlocked.Read(ref _faulted);

    /// <summary>Queues a blocking work item. Returns false once the pool is disposed.</summary>
    internal bool TryEnqueue(Action work)
    {
        try
        {
            return _work.TryAdd(work);
        }
        catch (InvalidOperationException)
        {
            // Adding was completed by Dispose.
            return false;
        }
    }

    /// <summary>
    /// Stops taking work and discards waiting items; threads finish their current item and exit. Does not wait
    /// for them (a handshake may block until its timeout; the threads are background threads).
    /// </summary>
    public void Dispose()
    {
        if (_work.IsAddingCompleted)
        {
            return;
        }

        _work.CompleteAdding();
        while (_work.TryTake(out _))
        {
        }
    }

    private void RunWorker()
    {
        // TryTake rather than GetConsumingEnumerable: the enumerator keeps its last item as Current while the thread
        // waits, and that item (a handshake step) holds its transport alive long after the transport closed. For the
        // same reason the local is cleared before waiting: this loop never leaves its first, unoptimised compilation,
        // where a local stays a GC root until it is overwritten.
        Action? work = TakeNext();
        while (work is not null)
        {
            Run(work);
            work = null;
            work = TakeNext();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Run(Action work)
    {
        Interlocked.Increment(ref _running);
        try
        {
            work();
        }
        catch (Exception)
        {
            // A thread of the pool must survive a faulty item; the count makes the fault visible.
            Interlocked.Increment(ref _faulted);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>Waits for the next handshake step; null once the pool was disposed and drained.</summary>
    private Action? TakeNext() => _work.TryTake(out Action? work, Timeout.Infinite) ? work : null;
}
