using System.Diagnostics;
using System.Globalization;

namespace Sfu.Actors.TestKit;

/// <summary>
/// Real-time budgets of expectations, shared by a TestKit and its probes: the default timeout, the dilation
/// factor of slow machines (environment variable SFU_TEST_DILATION, default 1) and the deadlines of the
/// enclosing <c>Within</c> blocks, whose remaining time is the default timeout of nested expectations.
/// </summary>
internal sealed class ExpectationClock
{
    public const string DilationVariable = "SFU_TEST_DILATION";

    private static readonly TimeSpan DefaultExpectTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan DefaultNoMessageWait = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Stack<long> _withinDeadlines = new();

    public ExpectationClock()
    {
        var configured = Environment.GetEnvironmentVariable(DilationVariable);
        Dilation = double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0
            ? factor
            : 1.0;
    }

    public double Dilation { get; }

    public TimeSpan Dilated(TimeSpan duration) => duration * Dilation;

    /// <summary>An explicit timeout (dilated), else what is left of the innermost Within, else the default (dilated).</summary>
    public TimeSpan RemainingOrDefault(TimeSpan? timeout)
    {
        if (timeout is { } explicitTimeout)
        {
            return Dilated(explicitTimeout);
        }

        lock (_gate)
        {
            if (_withinDeadlines.TryPeek(out var deadline))
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }

        return Dilated(DefaultExpectTimeout);
    }

    /// <summary>How long ExpectNoMsg listens by default: 100 ms (dilated), capped by an enclosing Within.</summary>
    public TimeSpan NoMessageWait(TimeSpan? duration)
    {
        if (duration is { } explicitDuration)
        {
            return Dilated(explicitDuration);
        }

        var wait = Dilated(DefaultNoMessageWait);
        var remaining = RemainingOrDefault(null);
        return remaining < wait ? remaining : wait;
    }

    public T Within<T>(TimeSpan max, Func<T> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, TimeSpan.Zero);
        var budget = Dilated(max);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(budget.TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            if (_withinDeadlines.TryPeek(out var outer) && outer < deadline)
            {
                deadline = outer;
            }

            _withinDeadlines.Push(deadline);
        }

        T result;
        try
        {
            result = block();
        }
        finally
        {
            lock (_gate)
            {
                _withinDeadlines.Pop();
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        if (elapsed > budget)
        {
            throw new TestKitAssertionException(
                $"Within {Format(budget)}: the block took {Format(elapsed)}.");
        }

        return result;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
