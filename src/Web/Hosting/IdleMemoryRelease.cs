using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Sfu.Actors.Configuration;

namespace Sfu.Web.Hosting;

/// <summary>
/// Gives memory back once the server is idle (sfu.memory): after a busy period the garbage collector keeps the heap it
/// grew and the C library keeps the pages of its freed native allocations, so a server that hosted a hundred calls
/// stays at that size when they are over. Once no client has been connected for the idle delay, one aggressive
/// collection compacts what is left and decommits the free regions, and glibc's malloc_trim returns free native
/// pages. Once per idle period: the next release waits for a client to have come and gone.
/// </summary>
public sealed partial class IdleMemoryRelease : BackgroundService
{
    /// <summary>How often the number of connected clients is looked at.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly MemorySettings _settings;
    private readonly Func<int> _connectedClients;
    private readonly Action _release;
    private readonly TimeProvider _time;
    private readonly ILogger<IdleMemoryRelease> _log;
    private int _releases;
    private int _checks;

    public IdleMemoryRelease(SfuSettings settings, ConnectionTracker connections, TimeProvider time, ILogger<IdleMemoryRelease> log)
        : this(settings.Memory, () => connections.Count, ReleaseProcessMemory, time, log)
    {
    }

    internal IdleMemoryRelease(MemorySettings settings, Func<int> connectedClients, Action release, TimeProvider time, ILogger<IdleMemoryRelease> log)
    {
        _settings = settings;
        _connectedClients = connectedClients;
        _release = release;
        _time = time;
        _log = log;
    }

    /// <summary>Releases made so far.</summary>
    public int Releases => Volatile.Read(ref _releases);

    /// <summary>Checks of the connected clients made so far.</summary>
    internal int Checks => Volatile.Read(ref _checks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.ReleaseWhenIdle)
        {
            return;
        }

        // At start-up there is nothing to give back: wait for a first client to come and go.
        bool released = true;
        long? idleSince = null;
        using var timer = new PeriodicTimer(CheckInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (_connectedClients() > 0)
                {
                    (released, idleSince) = (false, null);
                }
                else
                {
                    long now = _time.GetTimestamp();
                    idleSince ??= now;
                    if (!released && _time.GetElapsedTime(idleSince.Value, now) >= _settings.IdleDelay)
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

    private void Release()
    {
        long before = Environment.WorkingSet;
        _release();
        Interlocked.Increment(ref _releases);
        _log.LogInformation("Idle for {IdleDelay}: memory released, resident {Before} MiB -> {After} MiB",
            _settings.IdleDelay, before / (1 << 20), Environment.WorkingSet / (1 << 20));
    }

    internal static void ReleaseProcessMemory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            TrimNativeHeap();
        }
    }

    /// <summary>glibc's malloc_trim(0): every arena's free pages back to the system. Absent on other C libraries.</summary>
    private static void TrimNativeHeap()
    {
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
