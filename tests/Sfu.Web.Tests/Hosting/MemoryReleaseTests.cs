using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Actors.Configuration;
using Sfu.Actors.TestKit;
using Sfu.Web.Hosting;

namespace Sfu.Web.Tests.Hosting;

/// <summary>
/// sfu.memory: the server trims its native heap (and compacts its managed heap, when it allocated enough since the last
/// compaction) once the number of clients has settled after a change, and gives memory back once no client has been connected for
/// the idle delay.
/// </summary>
public sealed class MemoryReleaseTests
{
    private const long MiB = 1 << 20;

    private static readonly MemorySettings TenSeconds =
        new(true, TimeSpan.FromSeconds(10), false, TimeSpan.FromSeconds(5), false, 8 * MiB, 256 * MiB);

    private static readonly MemorySettings TrimAfterFive =
        new(false, TimeSpan.FromSeconds(10), true, TimeSpan.FromSeconds(5), false, 8 * MiB, 256 * MiB);

    private static readonly MemorySettings CompactAfterFive = TrimAfterFive with { CompactWhenSettled = true };

    private readonly VirtualTimeProvider _time = new();
    private int _clients;
    private int _releasedAtSeconds = -1;
    private readonly List<int> _trimmedAtSeconds = [];
    private readonly List<int> _compactedAtSeconds = [];
    private ManagedHeapState _heap = new(CommittedBytes: 100 * MiB, HeapBytes: 80 * MiB, AllocatedBytes: 40 * MiB);

    [Fact]
    public async Task A_server_that_never_had_a_client_releases_nothing()
    {
        await using var service = await StartAsync(TenSeconds);

        await PassAsync(service, seconds: 60);

        service.Releases.Should().Be(0, "at start-up there is nothing to give back");
    }

    [Fact]
    public async Task Memory_is_released_once_the_idle_delay_after_the_last_client_left_and_not_again_while_idle()
    {
        await using var service = await StartAsync(TenSeconds);
        _clients = 3;
        await PassAsync(service, seconds: 30);
        service.Releases.Should().Be(0, "clients are connected");

        _clients = 0;
        int leftAt = Seconds;
        await PassAsync(service, seconds: 5);
        service.Releases.Should().Be(0, "the idle delay has not passed");
        await PassUntilAsync(service, () => service.Releases == 1, seconds: 30);
        (_releasedAtSeconds - leftAt).Should().BeInRange(10, 11, "the release follows the idle delay, checked every second");

        await PassAsync(service, seconds: 120);
        service.Releases.Should().Be(1, "one release per idle period");
    }

    [Fact]
    public async Task A_client_who_comes_back_within_the_delay_postpones_the_release_until_the_server_is_idle_again()
    {
        await using var service = await StartAsync(TenSeconds);
        _clients = 1;
        await PassAsync(service, seconds: 2);
        _clients = 0;
        await PassAsync(service, seconds: 6);
        _clients = 1;
        await PassAsync(service, seconds: 20);
        service.Releases.Should().Be(0);

        _clients = 0;
        int leftAt = Seconds;
        await PassUntilAsync(service, () => service.Releases == 1, seconds: 30);
        (_releasedAtSeconds - leftAt).Should().BeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public async Task Turned_off_the_server_never_releases()
    {
        await using var service = await StartAsync(TenSeconds with { ReleaseWhenIdle = false });
        _clients = 1;
        await PassAsync(service, seconds: 5);
        _clients = 0;

        await PassAsync(service, seconds: 60);

        service.Releases.Should().Be(0);
    }

    [Fact]
    public async Task The_native_heap_is_trimmed_once_the_clients_have_not_changed_for_the_settle_delay_and_once_per_change()
    {
        await using var service = await StartAsync(TrimAfterFive);
        await PassAsync(service, seconds: 20);
        service.Trims.Should().Be(0, "nobody has come yet: nothing was allocated for clients");

        _clients = 1;
        await PassAsync(service, seconds: 2);
        _clients = 2;
        int lastJoinAt = Seconds;
        await PassAsync(service, seconds: 3);
        service.Trims.Should().Be(0, "the clients changed less than 5 s ago");
        await PassUntilAsync(service, () => service.Trims == 1, seconds: 10);
        (_trimmedAtSeconds.Single() - lastJoinAt).Should().BeInRange(5, 6, "the trim follows the settle delay, checked every second");

        await PassAsync(service, seconds: 60);
        service.Trims.Should().Be(1, "one trim per change, however long the clients stay");

        _clients = 1;
        await PassUntilAsync(service, () => service.Trims == 2, seconds: 10);
        service.Trims.Should().Be(2, "a leave is a change too");
        service.Releases.Should().Be(0, "the idle release is off in these settings");
    }

    [Fact]
    public async Task Joins_that_keep_coming_postpone_the_trim_until_they_stop()
    {
        await using var service = await StartAsync(TrimAfterFive);
        for (int joined = 1; joined <= 10; joined++)
        {
            _clients = joined;
            await PassAsync(service, seconds: 3);
        }

        service.Trims.Should().Be(0, "a join came every 3 s");
        await PassUntilAsync(service, () => service.Trims == 1, seconds: 10);
        service.Trims.Should().Be(1);
    }

    [Fact]
    public async Task Turned_off_the_server_never_trims_on_settling()
    {
        await using var service = await StartAsync(TenSeconds);
        _clients = 4;

        await PassAsync(service, seconds: 60);

        service.Trims.Should().Be(0);
    }

    [Fact]
    public async Task The_managed_heap_is_compacted_on_settling_before_the_trim_once_enough_was_allocated()
    {
        await using var service = await StartAsync(CompactAfterFive);
        _clients = 10;
        int joinedAt = Seconds;
        Allocate(30 * MiB);

        await PassUntilAsync(service, () => service.Trims == 1, seconds: 10);

        service.Compactions.Should().Be(1, "the joins allocated 30 MiB");
        (_compactedAtSeconds.Single() - joinedAt).Should().BeInRange(5, 6, "the compaction comes with the settling");
        _compactedAtSeconds.Single().Should().Be(_trimmedAtSeconds.Single(), "the collector's freed native memory is trimmed with the rest");

        await PassAsync(service, seconds: 30);
        service.Compactions.Should().Be(1, "once per change");
    }

    [Fact]
    public async Task Allocations_are_counted_from_the_last_compaction_so_a_change_that_allocated_little_does_not_pause()
    {
        await using var service = await StartAsync(CompactAfterFive);
        _clients = 10;
        Allocate(30 * MiB);
        await PassUntilAsync(service, () => service.Trims == 1, seconds: 10);
        service.Compactions.Should().Be(1);

        _clients = 11;
        Allocate(4 * MiB);
        await PassUntilAsync(service, () => service.Trims == 2, seconds: 10);
        service.Compactions.Should().Be(1, "4 MiB since the compaction is under the 16 MiB a pause is worth");

        _clients = 12;
        Allocate(14 * MiB);
        await PassUntilAsync(service, () => service.Trims == 3, seconds: 10);
        service.Compactions.Should().Be(2, "18 MiB since the compaction, over two changes");
    }

    [Fact]
    public async Task A_heap_larger_than_the_maximum_is_not_compacted_while_clients_are_connected_but_released_when_idle()
    {
        _heap = _heap with { HeapBytes = 300 * MiB };
        await using var service = await StartAsync(CompactAfterFive with { ReleaseWhenIdle = true });
        _clients = 300;
        Allocate(500 * MiB);
        await PassUntilAsync(service, () => service.Trims == 1, seconds: 10);
        service.Compactions.Should().Be(0, "a 300 MiB heap pauses too long to compact while media flows");

        _clients = 0;
        await PassUntilAsync(service, () => service.Releases == 1, seconds: 30);

        service.Releases.Should().Be(1, "once nobody is connected the pause harms no one");
        service.Compactions.Should().Be(0, "settling with nobody left is the idle release's to handle");
    }

    [Fact]
    public async Task Turned_off_the_server_never_compacts_on_settling()
    {
        await using var service = await StartAsync(TrimAfterFive);
        _clients = 10;
        Allocate(100 * MiB);

        await PassUntilAsync(service, () => service.Trims == 1, seconds: 10);
        await PassAsync(service, seconds: 10);

        service.Compactions.Should().Be(0);
        _compactedAtSeconds.Should().BeEmpty();
    }

    [Fact]
    public void The_release_itself_runs_on_this_machine()
    {
        // Compacts the heap and, on Linux, calls glibc's malloc_trim: a missing entry point would throw here.
        Action release = MemoryRelease.ReleaseProcessMemory;
        Action trim = MemoryRelease.TrimNativeHeap;
        Action compact = MemoryRelease.CompactManagedHeap;

        release.Should().NotThrow();
        trim.Should().NotThrow();
        compact.Should().NotThrow();
        ManagedHeapState heap = ManagedHeapState.Read();
        heap.CommittedBytes.Should().BePositive();
        heap.HeapBytes.Should().BePositive();
        heap.AllocatedBytes.Should().BeGreaterThanOrEqualTo(heap.HeapBytes / 2, "whatever is on the heap was allocated");
    }

    [Fact]
    public void The_settings_default_to_on_after_ten_and_five_seconds_compacting_after_16_MiB_allocated_up_to_a_256_MiB_heap_and_read_from_HOCON_keys()
    {
        SfuSettings defaults = SfuSettings.Load(new Dictionary<string, string?> { ["AUTH_KEY"] = "c2VjcmV0" }, null);
        SfuSettings changed = SfuSettings.Load(new Dictionary<string, string?> { ["AUTH_KEY"] = "c2VjcmV0" }, null,
            [new(SfuConfigurationKeys.MemoryReleaseWhenIdle, "false"), new(SfuConfigurationKeys.MemoryIdleDelay, "2m"),
             new(SfuConfigurationKeys.MemoryTrimWhenSettled, "false"), new(SfuConfigurationKeys.MemorySettleDelay, "30s"),
             new(SfuConfigurationKeys.MemoryCompactWhenSettled, "false"), new(SfuConfigurationKeys.MemoryCompactAfterAllocated, "1MiB"),
             new(SfuConfigurationKeys.MemoryCompactMaxHeap, "1GiB")]);

        defaults.Memory.Should().Be(new MemorySettings(true, TimeSpan.FromSeconds(10), true, TimeSpan.FromSeconds(5),
            true, 16 * MiB, 256 * MiB));
        changed.Memory.Should().Be(new MemorySettings(false, TimeSpan.FromMinutes(2), false, TimeSpan.FromSeconds(30),
            false, 1 * MiB, 1024 * MiB));
    }

    private int Seconds => (int)(_time.GetUtcNow() - VirtualTimeProvider.DefaultStart).TotalSeconds;

    private async Task<RunningService> StartAsync(MemorySettings settings)
    {
        var service = new MemoryRelease(settings, () => Volatile.Read(ref _clients), () => _releasedAtSeconds = Seconds,
            () => _trimmedAtSeconds.Add(Seconds), () => _heap, Compact, _time, NullLogger<MemoryRelease>.Instance);
        await service.StartAsync(CancellationToken.None);
        var running = new RunningService(service,
            settings.ReleaseWhenIdle || settings.TrimWhenSettled || settings.CompactWhenSettled);

        // The service's loop starts on the thread pool: a second advanced before it set its first delay passes
        // unnoticed, so time moves on until the loop has made its first check; every later check is waited for.
        while (running.Checking && running.Checks == 0)
        {
            _time.Advance(MemoryRelease.CheckInterval);
            await WaitForCheckAsync(running, 0, TimeSpan.FromMilliseconds(50));
        }

        return running;
    }

    /// <summary>The server allocating (joins) before the next settling.</summary>
    private void Allocate(long bytes) => _heap = _heap with { AllocatedBytes = _heap.AllocatedBytes + bytes };

    private void Compact() => _compactedAtSeconds.Add(Seconds);

    /// <summary>Moves virtual time a second at a time, letting the service take each check before the next.</summary>
    private async Task PassAsync(RunningService service, int seconds) => await PassUntilAsync(service, () => false, seconds);

    private async Task PassUntilAsync(RunningService service, Func<bool> condition, int seconds)
    {
        for (int i = 0; i < seconds && !condition(); i++)
        {
            int checks = service.Checks;
            _time.Advance(MemoryRelease.CheckInterval);
            if (service.Checking)
            {
                await WaitForCheckAsync(service, checks);
            }
        }
    }

    private static async Task WaitForCheckAsync(RunningService service, int checksBefore, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(10));
        while (service.Checks == checksBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }
    }

    private sealed class RunningService(MemoryRelease service, bool checking) : IAsyncDisposable
    {
        /// <summary>Whether the service looks at the clients at all (turned off, it does not).</summary>
        public bool Checking => checking;

        public int Releases => service.Releases;

        public int Trims => service.Trims;

        public int Compactions => service.Compactions;

        public int Checks => service.Checks;

        public async ValueTask DisposeAsync()
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }
    }
}
