using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Runtime;

public sealed class VirtualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public void Timers_fire_inside_Advance_in_due_order_with_the_clock_at_their_due_time()
    {
        var clock = new VirtualTimeProvider(Start);
        var fired = new List<(string Name, DateTimeOffset At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));

        fired.Should().Equal(("early", Start.AddSeconds(1)), ("late", Start.AddSeconds(3)));
        clock.GetUtcNow().Should().Be(Start.AddSeconds(5));
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_crossed()
    {
        var clock = new VirtualTimeProvider();
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));

        clock.Advance(TimeSpan.FromMilliseconds(350));
        ticks.Should().Be(3);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        ticks.Should().Be(4);
    }

    [Fact]
    public void Disposed_and_changed_timers_respect_their_new_state()
    {
        var clock = new VirtualTimeProvider();
        var fired = new List<string>();
        var disposed = clock.CreateTimer(_ => fired.Add("disposed"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var postponed = clock.CreateTimer(_ => fired.Add("postponed"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        disposed.Dispose();
        postponed.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(5));
        fired.Should().BeEmpty();

        clock.Advance(TimeSpan.FromSeconds(5));
        fired.Should().Equal("postponed");
        disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan).Should().BeFalse();
    }

    [Fact]
    public void A_zero_due_time_fires_at_once()
    {
        var clock = new VirtualTimeProvider();
        var fired = false;

        using var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        fired.Should().BeTrue();
    }

    [Fact]
    public void Timestamps_follow_the_virtual_clock()
    {
        var clock = new VirtualTimeProvider(Start);
        var before = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMilliseconds(1500));
        clock.SetUtcNow(Start.AddSeconds(2));

        clock.GetElapsedTime(before).Should().Be(TimeSpan.FromSeconds(2));
        clock.GetUtcNow().Should().Be(Start.AddSeconds(2));
    }

    [Fact]
    public void Time_never_goes_back()
    {
        var clock = new VirtualTimeProvider(Start);

        var backwards = () => clock.SetUtcNow(Start.AddSeconds(-1));
        var negative = () => clock.Advance(TimeSpan.FromTicks(-1));

        backwards.Should().Throw<ArgumentOutOfRangeException>();
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Task_Delay_on_the_virtual_clock_completes_when_time_is_advanced()
    {
        var clock = new VirtualTimeProvider();

        var delay = Task.Delay(TimeSpan.FromMinutes(10), clock);
        delay.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromMinutes(10));

        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        delay.IsCompletedSuccessfully.Should().BeTrue();
    }
}
