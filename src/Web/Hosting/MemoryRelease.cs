using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Sfu.Actors.Configuration;

namespace Sfu.Web.Hosting;

/// <summary>
/// Gives memory back (sfu.memory). After a busy period the garbage collector keeps the heap it grew and the C library
/// keeps the pages of its freed native allocations, so a server that hosted a hundred calls stays at that size when
/// they are over. Two moments are used:
/// <list type="bullet">
/// <item>settled: the number of connected clients has not changed for the settle delay since a join or a leave. The
/// native heap is trimmed (glibc's malloc_trim), which costs no pause: joins make the runtime allocate and free native
/// memory (TLS handshakes, the code it compiles for the new traffic) that the C library would otherwise keep, and a
/// busy server is rarely idle. Before that, when enough was allocated since the heap was last compacted and the heap is
/// small enough for the pause, the managed heap is compacted and what it no longer needs decommitted: the joins'
/// handshakes and the per-stream state that grew to its stream's rate leave garbage and holes that, with media
/// flowing, no full collection comes to reclaim (the forwarding path allocates nothing). What was allocated is the
/// measure because objects that died in the oldest generation are invisible until a full collection marks them.
/// Once per change.</item>
/// <item>idle: no client has been connected for the idle delay. One aggressive collection also compacts what is left
/// of the managed heap and decommits its free regions. Once per idle period.</item>
/// </list>
/// </summary>
public sealed partial class MemoryRelease : BackgroundService
{
    /// <summary>How often the number of connected clients is looked at.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly MemorySettings _settings;
    private readonly Func<int> _connectedClients;
    private readonly Action _release;
    private readonly Action _trim;
    private readonly Func<ManagedHeapState> _readHeap;
    private readonly Action _compact;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryRelease> _log;
    private int _releases;
    private int _trims;
    private int _compactions;
    private long _allocatedAtLastCompaction;
    private int _checks;

    public MemoryRelease(SfuSettings settings, ConnectionTracker connections, TimeProvider time, ILogger<MemoryRelease> log)
        : this(settings.Memory, () => connections.Count, ReleaseProcessMemory, TrimNativeHeap, ManagedHeapState.Read,
            CompactManagedHeap, time, log)
    {
    }

    internal MemoryRelease(MemorySettings settings, Func<int> connectedClients, Action release, Action trim,
        Func<ManagedHeapState> readHeap, Action compact, TimeProvider time, ILogger<MemoryRelease> log)
    {
        _settings = settings;
        _connectedClients = connectedClients;
        _release = release;
        _trim = trim;
        _readHeap = readHeap;
        _compact = compact;
        _time = time;
        _log = log;
    }

    /// <summary>Idle releases made so far.</summary>
    public int Releases => Volatile.Read(ref _releases);

    /// <summary>Native heap trims made once the clients had settled, so far.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>Compactions of the managed heap made once the clients had settled, so far.</summary>
    public int Compactions => Volatile.Read(ref _compactions);

    /// <summary>Checks of the connected clients made so far.</summary>
    internal int Checks => Volatile.Read(ref _checks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.ReleaseWhenIdle && !_settings.TrimWhenSettled && !_settings.CompactWhenSettled)
        {
            return;
        }

        // At start-up there is nothing to give back: wait for a first client to come (and, for the idle release, go).
        bool released = true;
        long? idleSince = null;
        int clientsBefore = 0;
        long changedAt = _time.GetTimestamp();
        bool settleHandled = true;
        using var timer = new PeriodicTimer(CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                int clients = _connectedClients();
                long now = _time.GetTimestamp();
                if (clients != clientsBefore)
                {
                    (clientsBefore, changedAt, settleHandled) = (clients, now, false);
                }
                else if (!settleHandled && _time.GetElapsedTime(changedAt, now) >= _settings.SettleDelay)
                {
                    Settled(clients);
                    settleHandled = true;
                }

                if (clients > 0)
                {
                    (released, idleSince) = (false, null);
                }
                else
                {
                    idleSince ??= now;
                    if (!released && _settings.ReleaseWhenIdle && _time.GetElapsedTime(idleSince.Value, now) >= _settings.IdleDelay)
                    {
                        Release();
                        released = true;
                    }
                }

                Interlocked.Increment(ref _checks);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The clients have not changed for the settle delay: compact the managed heap if worth it, trim the native one.</summary>
    private void Settled(int clients)
    {
        // With nobody left the idle release, which compacts too, follows.
        if (_settings.CompactWhenSettled && !(clients == 0 && _settings.ReleaseWhenIdle))
        {
            ManagedHeapState before = _readHeap();
            long allocated = before.AllocatedBytes - _allocatedAtLastCompaction;
            if (allocated >= _settings.CompactAfterAllocated && before.HeapBytes <= _settings.CompactMaxHeap)
            {
                long started = _time.GetTimestamp();
                _compact();
                Interlocked.Increment(ref _compactions);
                ManagedHeapState after = _readHeap();
                _allocatedAtLastCompaction = after.AllocatedBytes;
                _log.LogInformation(
                    "{Clients} clients settled: managed heap compacted in {Milliseconds} ms, committed {Before} MiB -> {After} MiB ({Allocated} MiB allocated since the last compaction)",
                    clients, (int)_time.GetElapsedTime(started).TotalMilliseconds, before.CommittedBytes >> 20,
                    after.CommittedBytes >> 20, allocated >> 20);
            }
            else
            {
                _log.LogDebug(
                    "{Clients} clients settled: managed heap of {Heap} MiB not compacted, {Allocated} MiB allocated since the last compaction",
                    clients, before.HeapBytes >> 20, allocated >> 20);
            }
        }

        if (_settings.TrimWhenSettled)
        {
            _trim();
            Interlocked.Increment(ref _trims);
        }
    }

    private void Release()
    {
        long before = Environment.WorkingSet;
        _release();
        _allocatedAtLastCompaction = _readHeap().AllocatedBytes;
        Interlocked.Increment(ref _releases);
        _log.LogInformation("Idle for {IdleDelay}: memory released, resident {Before} MiB -> {After} MiB",
            _settings.IdleDelay, before / (1 << 20), Environment.WorkingSet / (1 << 20));
    }

    internal static void ReleaseProcessMemory()
    {
        CompactManagedHeap();
        TrimNativeHeap();
    }

    /// <summary>
    /// A blocking, compacting collection of every generation, large objects included, that also decommits the free
    /// space it leaves (the aggressive mode: a forced compaction alone keeps the emptied regions committed).
    /// </summary>
    internal static void CompactManagedHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>glibc's malloc_trim(0): every arena's free pages back to the system. Absent on other C libraries.</summary>
    internal static void TrimNativeHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and others: nothing to trim this way.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
